package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** stop(): WebSockets close with 1001, streams end, polls are answered, new connections fail. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulStopTest {
  @Test
  void stopTellsEveryConnectionToGoElsewhere() throws Exception {
    Herald herald =
        TestHerald.start(
            b ->
                b.websocket(
                    "/app", WebSocketEndpoint.builder().onText(WebSocketConnection::send).build()));
    int port = herald.port();
    Http http = new Http(port);
    HeraldClient client = HeraldClient.connect(port);
    client.subscribe("stop-test");
    RawWebSocket app = RawWebSocket.connect(port, "/app");
    SseReader sse = SseReader.open(port, "/sse?channel=stop-test");
    sse.next(Duration.ofSeconds(5));
    String position =
        HeraldClient.parse(http.get("/poll?channel=stop-test").body()).get("next").asText();
    CompletableFuture<String> longPoll =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return http.get("/poll?channel=stop-test&since=" + position + "&wait=30").body();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> herald.connections("poll") == 1);

    long start = System.nanoTime();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(herald::stop);

    RawWebSocket.Frame close = client.socket().awaitClose(Duration.ofSeconds(5));
    assertThat(close.closeCode()).isEqualTo(1001);
    assertThat(close.closeReason()).contains("reconnect");
    assertThat(app.awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1001);
    assertThat(sse.awaitEnd(Duration.ofSeconds(5))).as("stream ends with the last chunk").isTrue();
    JsonNode answer = HeraldClient.parse(longPoll.get(5, TimeUnit.SECONDS));
    assertThat(answer.get("messages")).isEmpty();
    assertThat(answer.get("next").asText()).isEqualTo(position);

    // Answer the close handshakes so the server need not wait for its timeout.
    client.socket().sendClose(1001, "");
    app.sendClose(1001, "");
    stopping.get(10, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThatThrownBy(() -> RawWebSocket.connect(port, "/herald"))
        .isInstanceOf(ConnectException.class);
    client.close();
    app.close();
    sse.close();
  }

  /**
   * A connection accepted just as stop begins, before its pipeline is set up, is closed too; it
   * must not sit silent until the handshake timeout while stop waits for it. Connections keep
   * arriving from another thread until the listener refuses them, so that some land in that window.
   */
  @Test
  void connectionsAcceptedAsStopBeginsAreClosed() throws Exception {
    for (int round = 0; round < 5; round++) {
      Herald herald =
          Herald.builder()
              .config(
                  TestHerald.CONFIG.withServer(
                      TestHerald.CONFIG.server().withShutdownTimeout(Duration.ofSeconds(30))))
              .start();
      int port = herald.port();
      // The newest connections, still open; older ones are closed to bound the descriptors.
      ArrayDeque<Socket> silent = new ArrayDeque<>();
      AtomicBoolean refused = new AtomicBoolean();
      CountDownLatch some = new CountDownLatch(16);
      Thread connector =
          Thread.ofPlatform()
              .start(
                  () -> {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    for (int i = 0; i < 20_000 && System.nanoTime() < end; i++) {
                      Socket socket;
                      try {
                        socket = new Socket("127.0.0.1", port);
                      } catch (java.io.IOException e) {
                        refused.set(true);
                        return;
                      }
                      if (socket.getLocalPort() == port) {
                        // Connected to itself (TCP simultaneous open): the port is free, so the
                        // listener is gone. It is no connection to the server.
                        closeQuietly(socket);
                        refused.set(true);
                        return;
                      }
                      synchronized (silent) {
                        silent.addLast(socket);
                        if (silent.size() > 200) {
                          closeQuietly(silent.removeFirst());
                        }
                      }
                      some.countDown();
                    }
                  });
      try {
        assertThat(some.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        herald.stop();
        // Under the 10 s handshake timeout that would otherwise have closed the late ones.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        connector.join(5000);
        // It was still connecting when the listener closed: the window was covered.
        assertThat(refused).as("connections kept coming until the server stopped").isTrue();
        synchronized (silent) {
          for (Socket socket : silent) {
            socket.setSoTimeout(5000);
            assertThat(endOf(socket))
                .as("the server closed %s", socket.getLocalSocketAddress())
                .isTrue();
          }
        }
      } finally {
        connector.join(5000);
        synchronized (silent) {
          silent.forEach(GracefulStopTest::closeQuietly);
        }
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (java.io.IOException e) {
      // closing a test socket: nothing to do
    }
  }

  /**
   * Whether the server ended the connection within the socket's timeout: end of stream, or a reset.
   * It first sends a byte, as every real client sends its request at once: a connection the kernel
   * dropped, without a reset, before the server accepted it (when the listener closed; ss showed
   * the client established and no server socket) looks open to a client that only reads, and is
   * reset once it writes.
   */
  private static boolean endOf(Socket socket) throws java.io.IOException {
    try {
      socket.getOutputStream().write('G');
      return socket.getInputStream().read() == -1;
    } catch (java.net.SocketTimeoutException open) {
      return false;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }
}
