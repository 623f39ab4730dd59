package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Message;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bus: one publish — from the HTTP API, a WebSocket client, or Java — reaches a WebSocket
 * subscriber, an SSE stream, a long poll and an in-process listener at once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnePublishEveryTransportTest {
  private static final String KEY = "bus-test-key-42";

  @Test
  void everySourceReachesEveryTransport() throws Exception {
    try (Herald herald =
        TestHerald.start(b -> b.config(TestHerald.CONFIG.withApi(new ApiOptions(KEY))))) {
      int port = herald.port();
      Http http = new Http(port);
      String channel = "news";
      LinkedBlockingQueue<Message> inProcess = new LinkedBlockingQueue<>();
      try (AutoCloseable listening = herald.listen(channel, inProcess::add);
          HeraldClient ws = HeraldClient.connect(port);
          HeraldClient publisher = HeraldClient.connect(port);
          SseReader sse = SseReader.open(port, "/sse?channel=" + channel)) {
        ws.subscribe(channel);
        sse.next(Duration.ofSeconds(5));

        String[] sources = {"api", "websocket", "java"};
        for (String source : sources) {
          CompletableFuture<JsonNode> longPoll =
              CompletableFuture.supplyAsync(
                  () -> poll(http, channel, currentPosition(http, channel)));
          await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> herald.engine().subscriberCount(channel) == 4);
          switch (source) {
            case "api" ->
                assertThat(
                        http.post(
                                "/api/publish",
                                "{\"channel\":\"news\",\"event\":\"from\",\"data\":\"api\"}",
                                "Authorization",
                                "Bearer " + KEY,
                                "Content-Type",
                                "application/json")
                            .statusCode())
                    .isEqualTo(200);
            case "websocket" -> publisher.publish(channel, "from", "\"websocket\"");
            default -> herald.publish(channel, "from", "java").toCompletableFuture().get();
          }
          JsonNode viaWebSocket = ws.next("message");
          JsonNode viaSse = HeraldClient.parse(sse.next(Duration.ofSeconds(5)).data());
          JsonNode viaPoll = longPoll.get(5, TimeUnit.SECONDS).get("messages").get(0);
          Message viaJava = inProcess.poll(5, TimeUnit.SECONDS);
          String offset = viaWebSocket.get("offset").asText();
          assertThat(viaWebSocket.get("data").asText()).isEqualTo(source);
          assertThat(viaSse.get("offset").asText()).isEqualTo(offset);
          assertThat(viaSse.get("data").asText()).isEqualTo(source);
          assertThat(viaPoll.get("offset").asText()).isEqualTo(offset);
          assertThat(viaJava.offset().toString()).isEqualTo(offset);
          assertThat(viaJava.data().toTree().asText()).isEqualTo(source);
        }
      }
    }
  }

  private static String currentPosition(Http http, String channel) {
    try {
      return HeraldClient.parse(http.get("/poll?channel=" + channel).body()).get("next").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode poll(Http http, String channel, String since) {
    try {
      return HeraldClient.parse(
          http.get("/poll?channel=" + channel + "&since=" + since + "&wait=10").body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
