package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that stops reading is disconnected; the others keep receiving every message. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SlowConsumerTest {
  @Test
  void aStalledClientIsCutOffAndTheOthersGetEverything() throws Exception {
    HeraldConfig config =
        TestHerald.CONFIG.withServer(
            TestHerald.CONFIG.server().withWriteLimits(16 << 10, 64 << 10));
    try (Herald herald = TestHerald.start(b -> b.config(config));
        HeraldClient healthy = HeraldClient.connect(herald.port());
        RawWebSocket stalled = RawWebSocket.connect(herald.port(), "/herald", Map.of(), 4096)) {
      healthy.subscribe("firehose");
      stalled.readText(Duration.ofSeconds(5));
      stalled.sendText("{\"op\":\"subscribe\",\"channel\":\"firehose\"}");
      stalled.readText(Duration.ofSeconds(5));
      assertThat(herald.engine().subscriberCount("firehose")).isEqualTo(2);

      String payload = "x".repeat(1000);
      int sent = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      // Publish 20 MB (far past what the kernel buffers and the 64 KiB limit hold for the
      // stalled client), draining the healthy client as we go; bounded in count and time.
      int received = 0;
      while (sent < 20_000 && System.nanoTime() < deadline) {
        for (int i = 0; i < 100; i++) {
          herald.publish("firehose", "m", Map.of("n", sent++, "pad", payload));
        }
        for (; received < sent; received++) {
          JsonNode message = healthy.next("message");
          assertThat(message.get("data").get("n").asInt()).isEqualTo(received);
        }
      }
      assertThat(sent).isEqualTo(20_000);
      // The stalled client was told 1013 and, since it reads nothing, cut after the closing
      // handshake's timeout; its subscription is then gone.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> herald.engine().subscriberCount("firehose") == 1);
      assertThat(herald.connections("websocket")).isEqualTo(1);
      // The healthy client got every message, in order, and still does.
      herald.publish("firehose", "m", Map.of("n", sent, "pad", "last"));
      assertThat(healthy.next("message").get("data").get("n").asInt()).isEqualTo(sent);
    }
  }
}
