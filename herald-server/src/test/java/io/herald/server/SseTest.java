package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Message;
import io.herald.testing.HeraldClient;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Server-Sent Events at {@code /sse}: headers, events, resume, keepalive, presence, errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SseTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.config(
                    TestHerald.CONFIG
                        .withSse(SseOptions.DEFAULTS.withKeepAlive(Duration.ofMillis(200)))
                        .withLimits(TestHerald.CONFIG.limits().withMaxChannelsPerRequest(3))));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static String channel() {
    return "sse:" + UUID.randomUUID();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Message publish(String channel, String event, Object data) throws Exception {
    return herald.publish(channel, event, data).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void streamHeadersRetryAndSubscribedEvent() throws Exception {
    String channel = channel();
    try (SseReader sse = SseReader.open(port, "/sse?channel=" + q(channel))) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.header("content-type")).isEqualTo("text/event-stream");
      assertThat(sse.header("cache-control")).isEqualTo("no-cache");
      assertThat(sse.header("x-accel-buffering")).isEqualTo("no");
      assertThat(sse.header("x-herald-recovered")).isEqualTo("true");
      SseReader.Event subscribed = sse.next(WAIT);
      assertThat(sse.retry()).isEqualTo(2000);
      assertThat(subscribed.event()).isEqualTo("herald.subscribed");
      assertThat(subscribed.id()).endsWith(":0");
      JsonNode data = HeraldClient.parse(subscribed.data());
      assertThat(data.get("recovered").asBoolean()).isTrue();
      assertThat(data.get("channels").get(0).get("channel").asText()).isEqualTo(channel);

      Message sent = publish(channel, "update", Map.of("n", 1));
      SseReader.Event event = sse.next(WAIT);
      assertThat(event.id()).isEqualTo(sent.offset().toString());
      assertThat(event.event()).isEqualTo("update");
      JsonNode message = HeraldClient.parse(event.data());
      assertThat(message.get("channel").asText()).isEqualTo(channel);
      assertThat(message.get("offset").asText()).isEqualTo(sent.offset().toString());
      assertThat(message.get("data").get("n").asInt()).isEqualTo(1);
    }
  }

  @Test
  void resumesFromLastEventIdWithoutGapsOrRepeats() throws Exception {
    String channel = channel();
    Message first = publish(channel, "m", 1);
    publish(channel, "m", 2);
    publish(channel, "m", 3);
    try (SseReader sse =
        SseReader.open(
            port,
            "/sse?channel=" + q(channel) + "&since=bogus:1",
            Map.of("Last-Event-ID", first.offset().toString()))) {
      // Last-Event-ID wins over the `since` in the URL.
      assertThat(sse.header("x-herald-recovered")).isEqualTo("true");
      SseReader.Event subscribed = sse.next(WAIT);
      assertThat(subscribed.id()).isEqualTo(first.offset().toString());
      assertThat(HeraldClient.parse(subscribed.data()).at("/channels/0/replayed").asInt())
          .isEqualTo(2);
      assertThat(HeraldClient.parse(sse.next(WAIT).data()).get("data").asInt()).isEqualTo(2);
      assertThat(HeraldClient.parse(sse.next(WAIT).data()).get("data").asInt()).isEqualTo(3);
      publish(channel, "m", 4);
      assertThat(HeraldClient.parse(sse.next(WAIT).data()).get("data").asInt()).isEqualTo(4);
    }
  }

  @Test
  void aForeignEpochIsReportedAsNotRecovered() throws Exception {
    String channel = channel();
    publish(channel, "m", 1);
    try (SseReader sse = SseReader.open(port, "/sse?channel=" + q(channel) + "&since=Other1:5")) {
      assertThat(sse.header("x-herald-recovered")).isEqualTo("false");
      JsonNode data = HeraldClient.parse(sse.next(WAIT).data());
      assertThat(data.get("recovered").asBoolean()).isFalse();
      // What the current epoch holds is replayed, flagged as incomplete.
      assertThat(HeraldClient.parse(sse.next(WAIT).data()).get("data").asInt()).isEqualTo(1);
    }
  }

  @Test
  void severalChannelsCarryOneCursor() throws Exception {
    String a = channel();
    String b = channel();
    Message a1 = publish(a, "m", "a1");
    try (SseReader sse = SseReader.open(port, "/sse?channel=" + q(a) + "&channel=" + q(b))) {
      SseReader.Event subscribed = sse.next(WAIT);
      String[] start = subscribed.id().split(";");
      assertThat(start).hasSize(2);
      assertThat(start[0]).isEqualTo(a1.offset().toString());
      Message b1 = publish(b, "m", "b1");
      SseReader.Event event = sse.next(WAIT);
      assertThat(event.id()).isEqualTo(a1.offset() + ";" + b1.offset());
      Message a2 = publish(a, "m", "a2");
      assertThat(sse.next(WAIT).id()).isEqualTo(a2.offset() + ";" + b1.offset());
      // Resuming with that cursor misses nothing on either channel.
      publish(b, "m", "b2");
      try (SseReader resumed =
          SseReader.open(
              port,
              "/sse?channel="
                  + q(a)
                  + "&channel="
                  + q(b)
                  + "&since="
                  + q(a2.offset() + ";" + b1.offset()))) {
        resumed.next(WAIT);
        assertThat(HeraldClient.parse(resumed.next(WAIT).data()).get("data").asText())
            .isEqualTo("b2");
      }
    }
  }

  @Test
  void keepaliveCommentsArrive() throws Exception {
    try (SseReader sse = SseReader.open(port, "/sse?channel=" + q(channel()))) {
      sse.next(WAIT);
      await()
          .atMost(WAIT)
          .until(
              () -> {
                try {
                  sse.next(Duration.ofMillis(300));
                } catch (java.net.SocketTimeoutException e) {
                  // no event, but comments were read meanwhile
                }
                return sse.comments().contains("keepalive");
              });
    }
  }

  @Test
  void presenceEventsWhenAskedFor() throws Exception {
    String channel = channel();
    try (SseReader sse = SseReader.open(port, "/sse?channel=" + q(channel) + "&presence=true")) {
      sse.next(WAIT);
      sse.next("herald.join", WAIT);
      try (HeraldClient client = HeraldClient.connect(port)) {
        client.subscribe(channel);
        JsonNode join = HeraldClient.parse(sse.next("herald.join", WAIT).data());
        assertThat(join.get("client").asText()).isEqualTo(client.clientId());
      }
      JsonNode leave = HeraldClient.parse(sse.next("herald.leave", WAIT).data());
      assertThat(leave.get("channel").asText()).isEqualTo(channel);
    }
  }

  @Test
  void closingTheStreamReleasesTheSubscription() throws Exception {
    String channel = channel();
    SseReader sse = SseReader.open(port, "/sse?channel=" + q(channel));
    sse.next(WAIT);
    assertThat(herald.engine().subscriberCount(channel)).isEqualTo(1);
    assertThat(herald.connections("sse")).isPositive();
    sse.close();
    await().atMost(WAIT).until(() -> herald.engine().subscriberCount(channel) == 0);
    assertThat(herald.presence(channel).toCompletableFuture().get()).isEmpty();
  }

  @Test
  void badRequestsGetJsonErrors() throws Exception {
    Map<String, String> cases =
        Map.of(
            "/sse",
            "invalid_channel",
            "/sse?channel=",
            "invalid_channel",
            "/sse?channel=a&channel=b&channel=c&channel=d",
            "too_many_channels",
            "/sse?channel=a&channel=a",
            "invalid_parameter",
            "/sse?channel=a&since=zzz",
            "invalid_offset",
            "/sse?channel=a&channel=b&since=e1:1",
            "invalid_offset",
            "/sse?channel=a&presence=maybe",
            "invalid_parameter",
            "/sse?channel=" + q("a\"b"),
            "invalid_channel");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      try (SseReader sse = SseReader.open(port, c.getKey())) {
        assertThat(sse.status()).as(c.getKey()).isEqualTo(400);
        assertThat(HeraldClient.parse(sse.body()).get("error").asText())
            .as(c.getKey())
            .isEqualTo(c.getValue());
      }
    }
  }
}
