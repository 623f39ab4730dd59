package io.herald.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every admitted connection holds exactly one place in the connection caps while it lasts and gives
 * it back when it ends, however it ends: closed by either side, its TCP connection dropped,
 * answered, abandoned, refused by the authenticator, or (Engine.IO) across polls and an upgrade.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaseReleaseTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald = Transports.start(TestHerald.CONFIG.limits());
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void webSocketsClosedEitherWay() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      Transports.awaitAdmitted(herald, 1);
      client.socket().sendClose(1000, "bye");
      client.socket().awaitClose(WAIT);
    }
    Transports.awaitNoneAdmitted(herald);
    RawWebSocket echo = RawWebSocket.connect(port, "/echo");
    Transports.awaitAdmitted(herald, 1);
    // The TCP connection ends without a close frame.
    echo.socket().close();
    Transports.awaitNoneAdmitted(herald);
  }

  @Test
  void sseStreamsAndPolls() throws Exception {
    try (SseReader sse = SseReader.open(port, "/sse?channel=a")) {
      sse.next("herald.subscribed", WAIT);
      Transports.awaitAdmitted(herald, 1);
    }
    Transports.awaitNoneAdmitted(herald);
    // An answered poll gives its place back while its keep-alive connection stays open.
    try (Socket keepAlive = new Socket("127.0.0.1", port)) {
      keepAlive.setSoTimeout(10_000);
      keepAlive
          .getOutputStream()
          .write(
              "GET /poll?channel=a&wait=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(readLine(keepAlive.getInputStream())).startsWith("HTTP/1.1 200 ");
      Transports.awaitNoneAdmitted(herald);
    }
    // A long poll abandoned by its client.
    try (Socket abandoned = new Socket("127.0.0.1", port)) {
      abandoned
          .getOutputStream()
          .write(
              "GET /poll?channel=a&wait=20 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      Transports.awaitAdmitted(herald, 1);
    }
    Transports.awaitNoneAdmitted(herald);
  }

  @Test
  void anEngineIoSessionHoldsOnePlaceAcrossPollsAndItsUpgrade() throws Exception {
    Http http = new Http(port);
    String sid = handshake(http);
    Transports.awaitAdmitted(herald, 1);
    String session = "/engine.io/?EIO=4&transport=polling&sid=" + sid;
    assertThat(http.post(session, "4hello").statusCode()).isEqualTo(200);
    assertThat(http.get(session).body()).isEqualTo("4hello");
    assertThat(Transports.admitted(herald)).isEqualTo(1);
    try (RawWebSocket ws =
        RawWebSocket.connect(port, "/engine.io/?EIO=4&transport=websocket&sid=" + sid)) {
      ws.sendText("2probe");
      assertThat(ws.readText(WAIT)).isEqualTo("3probe");
      ws.sendText("5");
      ws.sendText("4again");
      assertThat(ws.readText(WAIT)).isEqualTo("4again");
      assertThat(Transports.admitted(herald)).isEqualTo(1);
    }
    Transports.awaitNoneAdmitted(herald);
    // A polling session the client closes.
    String other = handshake(http);
    Transports.awaitAdmitted(herald, 1);
    http.post("/engine.io/?EIO=4&transport=polling&sid=" + other, "1");
    Transports.awaitNoneAdmitted(herald);
  }

  @Test
  void aSocketIoConnection() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(port, "/socket.io/?EIO=4&transport=websocket")) {
      assertThat(ws.readText(WAIT)).startsWith("0");
      ws.sendText("40");
      assertThat(ws.readText(WAIT)).startsWith("40");
      Transports.awaitAdmitted(herald, 1);
    }
    Transports.awaitNoneAdmitted(herald);
  }

  @Test
  void aConnectionTheAuthenticatorRefuses() throws Exception {
    HttpResponse<String> refused = new Http(port).get("/sse?channel=a&user=refused");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThatThrownBy(() -> RawWebSocket.connect(port, "/herald?user=refused").close())
        .isInstanceOfSatisfying(
            RawWebSocket.RefusedException.class,
            e -> assertThat(e.refusal().status()).isEqualTo(401));
    Transports.awaitNoneAdmitted(herald);
  }

  private static String handshake(Http http) throws Exception {
    String open = http.get("/engine.io/?EIO=4&transport=polling").body();
    assertThat(open).startsWith("0");
    return HeraldClient.parse(open.substring(1)).get("sid").asText();
  }

  private static String readLine(InputStream in) throws Exception {
    StringBuilder line = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      line.append((char) b);
    }
    return line.toString();
  }
}
