package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testing.HeraldClient;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When connections end — closed by the client, dropped without a close frame, or abandoned long
 * polls — every subscription, presence entry and open-connection count they held is gone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResourceReleaseTest {
  @Test
  void everythingAConnectionHeldIsReleased() throws Exception {
    try (Herald herald = TestHerald.start()) {
      int port = herald.port();
      List<AutoCloseable> open = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        HeraldClient client = HeraldClient.connect(port);
        client.send("{\"op\":\"subscribe\",\"channel\":\"r" + (i % 3) + "\",\"presence\":true}");
        client.next("subscribed");
        if (i % 2 == 0) {
          client.socket().sendClose(1000, "");
        }
        open.add(client);
      }
      for (int i = 0; i < 20; i++) {
        SseReader sse = SseReader.open(port, "/sse?channel=r" + (i % 3) + "&channel=s");
        sse.next(Duration.ofSeconds(5));
        open.add(sse);
      }
      for (int i = 0; i < 10; i++) {
        Socket poll = new Socket("127.0.0.1", port);
        poll.getOutputStream()
            .write(
                "GET /poll?channel=p&wait=30 HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
        open.add(poll);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> herald.connections("poll") == 10);
      assertThat(herald.presence("r0").toCompletableFuture().get()).isNotEmpty();

      for (AutoCloseable connection : open) {
        connection.close();
      }
      // The long polls' sockets close while waiting: the abandoned polls end too.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  herald.connections("websocket") == 0
                      && herald.connections("sse") == 0
                      && herald.connections("poll") == 0
                      && herald.engine().activeChannels() == 0);
      for (String channel : List.of("r0", "r1", "r2", "s", "p")) {
        assertThat(herald.engine().subscriberCount(channel)).isZero();
        assertThat(herald.presence(channel).toCompletableFuture().get()).isEmpty();
      }
    }
  }
}
