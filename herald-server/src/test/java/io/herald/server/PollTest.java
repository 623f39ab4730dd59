package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Message;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.TestHerald;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Polling and long polling at {@code /poll}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PollTest {
  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b -> b.config(TestHerald.CONFIG.withPoll(new PollOptions(Duration.ofSeconds(2)))));
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static String channel() {
    return "poll:" + UUID.randomUUID();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Message publish(String channel, Object data) throws Exception {
    return herald.publish(channel, "m", data).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static JsonNode poll(String query) throws Exception {
    HttpResponse<String> response = http.get("/poll?" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    return HeraldClient.parse(response.body());
  }

  @Test
  void withoutSinceReturnsThePosition() throws Exception {
    String channel = channel();
    Message last = publish(channel, 1);
    JsonNode answer = poll("channel=" + q(channel));
    assertThat(answer.get("messages")).isEmpty();
    assertThat(answer.get("next").asText()).isEqualTo(last.offset().toString());
    assertThat(answer.get("recovered").asBoolean()).isTrue();
  }

  @Test
  void sinceReturnsTheMessagesAfterIt() throws Exception {
    String channel = channel();
    Message first = publish(channel, 1);
    publish(channel, 2);
    Message third = publish(channel, 3);
    JsonNode answer = poll("channel=" + q(channel) + "&since=" + first.offset());
    assertThat(answer.get("messages")).hasSize(2);
    assertThat(answer.get("messages").get(0).get("data").asInt()).isEqualTo(2);
    assertThat(answer.get("messages").get(1).get("offset").asText())
        .isEqualTo(third.offset().toString());
    assertThat(answer.get("next").asText()).isEqualTo(third.offset().toString());
    assertThat(answer.get("recovered").asBoolean()).isTrue();
  }

  @Test
  void aStaleEpochIsNotRecoveredAndMovesToTheCurrentOne() throws Exception {
    String channel = channel();
    Message only = publish(channel, 1);
    JsonNode answer = poll("channel=" + q(channel) + "&since=Gone1:40&wait=2");
    assertThat(answer.get("recovered").asBoolean()).isFalse();
    assertThat(answer.get("messages")).hasSize(1);
    assertThat(answer.get("next").asText()).isEqualTo(only.offset().toString());
  }

  @Test
  void longPollIsAnsweredByThePublish() throws Exception {
    String channel = channel();
    String position = poll("channel=" + q(channel)).get("next").asText();
    CompletableFuture<JsonNode> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return poll("channel=" + q(channel) + "&since=" + position + "&wait=30");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> herald.engine().subscriberCount(channel) == 1);
    long start = System.nanoTime();
    Message sent = publish(channel, Map.of("wake", true));
    JsonNode answer = waiting.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(answer.get("messages")).hasSize(1);
    assertThat(answer.get("messages").get(0).get("data").get("wake").asBoolean()).isTrue();
    assertThat(answer.get("next").asText()).isEqualTo(sent.offset().toString());
    assertThat(herald.engine().subscriberCount(channel)).isZero();
  }

  @Test
  void longPollOfSeveralChannelsWakesOnEither() throws Exception {
    String a = channel();
    String b = channel();
    String cursor = poll("channel=" + q(a) + "&channel=" + q(b)).get("next").asText();
    CompletableFuture<JsonNode> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return poll(
                    "channel=" + q(a) + "&channel=" + q(b) + "&since=" + q(cursor) + "&wait=30");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> herald.engine().subscriberCount(b) == 1);
    Message sent = publish(b, "for b");
    JsonNode answer = waiting.get(5, TimeUnit.SECONDS);
    assertThat(answer.get("messages").get(0).get("channel").asText()).isEqualTo(b);
    assertThat(answer.get("next").asText()).isEqualTo(cursor.split(";")[0] + ";" + sent.offset());
  }

  @Test
  void longPollTimesOutEmptyAtTheCappedWait() throws Exception {
    String channel = channel();
    String position = poll("channel=" + q(channel)).get("next").asText();
    long start = System.nanoTime();
    // wait=600 is capped at the configured maxWait of 2 s.
    JsonNode answer = poll("channel=" + q(channel) + "&since=" + position + "&wait=600");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
    assertThat(answer.get("messages")).isEmpty();
    assertThat(answer.get("next").asText()).isEqualTo(position);
    assertThat(herald.engine().subscriberCount(channel)).isZero();
  }

  @Test
  void badRequestsGetJsonErrors() throws Exception {
    Map<String, String> cases =
        Map.of(
            "/poll", "invalid_channel",
            "/poll?channel=a&wait=soon", "invalid_parameter",
            "/poll?channel=a&wait=-1", "invalid_parameter",
            "/poll?channel=a&since=1:2:3", "invalid_offset");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> response = http.get(c.getKey());
      assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
      assertThat(HeraldClient.parse(response.body()).get("error").asText())
          .as(c.getKey())
          .isEqualTo(c.getValue());
    }
    HttpResponse<String> post = http.post("/poll?channel=a", "");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).contains("GET");
    assertThat(HeraldClient.parse(post.body()).get("error").asText())
        .isEqualTo("method_not_allowed");
  }
}
