package io.herald.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.Herald;
import io.herald.server.Principal;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The handshake timeout (slow or partial requests, silent connections, upgrades never answered) and
 * the idle timeout of keep-alive connections, which leaves streams, long polls and WebSockets
 * alone.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpTimeoutsTest {
  private static final Duration HANDSHAKE = Duration.ofMillis(500);
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final CountDownLatch STALL = new CountDownLatch(1);
  private static Herald herald;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.config(
                        TestHerald.CONFIG.withLimits(
                            TestHerald.CONFIG.limits().withTimeouts(HANDSHAKE, IDLE)))
                    .authenticator(
                        handshake -> {
                          if (handshake.queryParam("stall") != null) {
                            STALL.await(30, TimeUnit.SECONDS);
                          }
                          return Principal.ANONYMOUS;
                        }));
  }

  @AfterAll
  static void stop() {
    STALL.countDown();
    herald.stop();
  }

  @Test
  void slowHeadersAreAnswered408WhileOtherClientsAreServed() throws Exception {
    try (Socket slow = open()) {
      long start = System.nanoTime();
      slow.getOutputStream()
          .write(
              "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread dribble =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < 50; i++) {
                        Thread.sleep(100);
                        slow.getOutputStream()
                            .write(("X-Slow-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
                      }
                    } catch (IOException | InterruptedException closed) {
                      // The server closed the connection.
                    }
                  });
      // A well-behaved client of the same server is served meanwhile.
      assertThat(new Http(herald.port()).get("/nothing").statusCode()).isEqualTo(404);
      String answer = readToEnd(slow);
      long elapsed = System.nanoTime() - start;
      dribble.join(Duration.ofSeconds(10));
      assertThat(answer).startsWith("HTTP/1.1 408 ");
      assertThat(answer).contains("\"error\":\"request_timeout\"");
      assertThat(elapsed).isGreaterThanOrEqualTo(HANDSHAKE.toNanos());
      assertThat(Transports.refusals(herald, "handshake_timeout")).isPositive();
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (Socket silent = open()) {
      long start = System.nanoTime();
      assertThat(readToEnd(silent)).isEmpty();
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(HANDSHAKE.toNanos());
    }
  }

  @Test
  void anUpgradeThatIsNeverAnsweredIsClosedWithoutA101() throws Exception {
    try (Socket upgrade = open()) {
      upgrade
          .getOutputStream()
          .write(
              ("GET /herald?stall=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                      + "Sec-WebSocket-Version: 13\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(readToEnd(upgrade)).isEmpty();
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosed() throws Exception {
    try (Socket client = open()) {
      client
          .getOutputStream()
          .write(
              "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = client.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 404 ");
      int length = Integer.parseInt(head.replaceAll("(?s).*content-length: (\\d+).*", "$1"));
      in.readNBytes(length);
      long answered = System.nanoTime();
      assertThat(readToEnd(client)).isEmpty();
      assertThat(System.nanoTime() - answered).isGreaterThanOrEqualTo(IDLE.toNanos() * 8 / 10);
      assertThat(Transports.refusals(herald, "idle_timeout")).isPositive();
    }
  }

  @Test
  void streamsLongPollsAndWebSocketsOutliveBothTimeouts() throws Exception {
    try (SseReader sse = SseReader.open(herald.port(), "/sse?channel=quiet");
        HeraldClient ws = HeraldClient.connect(herald.port())) {
      sse.next("herald.subscribed", Duration.ofSeconds(5));
      // A long poll three times the idle timeout: answered when its wait is over.
      var poll = new Http(herald.port()).get("/poll?channel=quiet&wait=3");
      assertThat(poll.statusCode()).isEqualTo(200);
      herald.publish("quiet", "late", Map.of()).toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(sse.next(Duration.ofSeconds(5)).event()).isEqualTo("late");
      ws.send("{\"op\":\"ping\",\"id\":1}");
      assertThat(ws.next("pong").path("id").asInt()).isEqualTo(1);
    }
  }

  private static Socket open() throws IOException {
    Socket socket = new Socket("127.0.0.1", herald.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Everything the server sends until it closes the connection (fails after ten seconds). */
  private static String readToEnd(Socket socket) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      socket.getInputStream().transferTo(bytes);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection; read: " + bytes, e);
    } catch (IOException reset) {
      // A reset after the answer also ends the connection.
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the response head ended: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
