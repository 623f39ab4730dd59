package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Application handlers run off the event loops: one that blocks for a second delays no other
 * client, and the callbacks of one connection stay in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandlerThreadingTest {
  private static final Duration BLOCK = Duration.ofSeconds(1);
  private static final Duration FAST = Duration.ofMillis(500);
  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    // One event loop: if a handler ran on it, everything else would wait.
    herald =
        TestHerald.start(
            b ->
                b.config(TestHerald.CONFIG.withServer(TestHerald.CONFIG.server().withIoThreads(1)))
                    .get(
                        "/slow",
                        r -> {
                          Thread.sleep(BLOCK.toMillis());
                          return Response.text("slow");
                        })
                    .get("/fast", r -> Response.text("fast"))
                    .websocket(
                        "/ws",
                        WebSocketEndpoint.builder()
                            .onText(
                                (c, text) -> {
                                  if (text.startsWith("sleep")) {
                                    Thread.sleep(BLOCK.toMillis());
                                  }
                                  c.send(text);
                                })
                            .build())
                    .onPublish(
                        "slow:*",
                        (client, channel, event, data) -> {
                          Thread.sleep(BLOCK.toMillis());
                          return data;
                        }));
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void aSlowRouteDelaysNoOtherRequest() throws Exception {
    CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> body("/slow"));
    Thread.sleep(100);
    long start = System.nanoTime();
    assertThat(http.get("/fast").body()).isEqualTo("fast");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("slow");
  }

  @Test
  void aSlowWebSocketCallbackDelaysNoOtherConnectionAndKeepsItsOrder() throws Exception {
    try (RawWebSocket sleepy = RawWebSocket.connect(herald.port(), "/ws");
        RawWebSocket other = RawWebSocket.connect(herald.port(), "/ws")) {
      sleepy.sendText("sleep 1");
      sleepy.sendText("after");
      long start = System.nanoTime();
      other.sendText("quick");
      assertThat(other.readText(Duration.ofSeconds(5))).isEqualTo("quick");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
      assertThat(sleepy.readText(Duration.ofSeconds(5))).isEqualTo("sleep 1");
      assertThat(sleepy.readText(Duration.ofSeconds(5))).isEqualTo("after");
    }
  }

  @Test
  void aSlowPublishHookDelaysNoOtherClient() throws Exception {
    try (HeraldClient slowClient = HeraldClient.connect(herald.port());
        HeraldClient fastClient = HeraldClient.connect(herald.port())) {
      fastClient.subscribe("quick");
      slowClient.send("{\"op\":\"publish\",\"id\":1,\"channel\":\"slow:a\",\"data\":1}");
      slowClient.send("{\"op\":\"ping\",\"id\":2}");
      long start = System.nanoTime();
      fastClient.publish("quick", "m", "1");
      assertThat(fastClient.next("message").get("data").asInt()).isEqualTo(1);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
      // The hooked connection's replies keep request order: ack, then pong.
      assertThat(slowClient.next().get("type").asText()).isEqualTo("ack");
      assertThat(slowClient.next().get("type").asText()).isEqualTo("pong");
    }
  }

  private static String body(String path) {
    try {
      return http.get(path).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
