package io.herald.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engine.IO v4 HTTP long-polling: handshake, payloads, binary, and what ends a session. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoPollingTest {
  private static final int MAX_PAYLOAD = 100_000;
  private static final EchoEndpoint ECHO = new EchoEndpoint();
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.engineIo(
                    "/engine.io/",
                    ECHO.build(EngineIoOptions.DEFAULTS.withMaxPayload(MAX_PAYLOAD))));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static EioPolling open() throws Exception {
    return EioPolling.open(port, "/engine.io/");
  }

  private static void assertUnknownSession(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(HeraldClient.parse(response.body()).get("code").asInt()).isEqualTo(1);
  }

  @Test
  void handshakeAnnouncesTheSession() throws Exception {
    JsonNode open = open().handshake();
    assertThat(open.properties())
        .extracting(Map.Entry::getKey)
        .containsExactlyInAnyOrder("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
    assertThat(open.get("sid").isTextual()).isTrue();
    assertThat(open.get("sid").asText()).isNotBlank();
    assertThat(open.get("upgrades").toString()).isEqualTo("[\"websocket\"]");
    assertThat(open.get("pingInterval").asLong()).isEqualTo(25_000);
    assertThat(open.get("pingTimeout").asLong()).isEqualTo(20_000);
    assertThat(open.get("maxPayload").asInt()).isEqualTo(MAX_PAYLOAD);
    assertThat(open().sid()).isNotEqualTo(open.get("sid").asText());
  }

  @Test
  void theAnnouncedMaxPayloadIsCappedByTheServersMaxMessageSize() throws Exception {
    Herald small =
        TestHerald.start(
            b ->
                b.config(
                        TestHerald.CONFIG.withServer(
                            TestHerald.CONFIG.server().withMaxMessageSize(65_536)))
                    .engineIo("/engine.io/", ECHO.build(EngineIoOptions.DEFAULTS)));
    try {
      EioPolling session = EioPolling.open(small.port(), "/engine.io/");
      assertThat(session.handshake().get("maxPayload").asInt()).isEqualTo(65_536);
    } finally {
      small.stop();
    }
  }

  @Test
  void aPostedMessageIsEchoedOnTheNextPoll() throws Exception {
    EioPolling session = open();
    HttpResponse<String> post = session.post("4hello");
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.body()).isEqualTo("ok");
    HttpResponse<String> get = session.get();
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo("4hello");
    assertThat(ECHO.awaitReceived(session.sid(), 1)).containsExactly("hello");
  }

  @Test
  void packetsAreSplitAndJoinedByTheRecordSeparator() throws Exception {
    EioPolling session = open();
    assertThat(session.post("4a\u001e4b\u001e4é").body()).isEqualTo("ok");
    // All three echoes are queued before the poll, so one answer carries them all.
    assertThat(ECHO.awaitReceived(session.sid(), 3)).containsExactly("a", "b", "é");
    assertThat(session.get().body()).isEqualTo("4a\u001e4b\u001e4é");
  }

  @Test
  void binaryMessagesTravelAsBase64() throws Exception {
    EioPolling session = open();
    assertThat(session.post("bAQIDBA==").body()).isEqualTo("ok");
    assertThat(ECHO.awaitReceived(session.sid(), 1)).containsExactly("bAQIDBA==");
    assertThat(session.get().body()).isEqualTo("bAQIDBA==");
  }

  @Test
  void anOctetStreamBodyIsOneBinaryPacket() throws Exception {
    EioPolling session = open();
    // As text this would be two packets ("4" and "4"); as octet-stream it is one binary message.
    byte[] body = {'4', 0x1e, '4'};
    HttpResponse<String> post = session.post(body, "application/octet-stream");
    assertThat(post.body()).isEqualTo("ok");
    assertThat(ECHO.awaitReceived(session.sid(), 1)).containsExactly("bNB40");
    assertThat(session.get().body()).isEqualTo("bNB40");
  }

  @Test
  void aClosePacketEndsTheWaitingPollWithANoop() throws Exception {
    EioPolling session = open();
    CompletableFuture<HttpResponse<String>> waiting = session.getAsync();
    assertThat(session.post("1").body()).isEqualTo("ok");
    HttpResponse<String> ended = waiting.get(5, TimeUnit.SECONDS);
    assertThat(ended.statusCode()).isEqualTo(200);
    assertThat(ended.body()).isEqualTo("6");
    assertThat(ECHO.awaitClosed(session.sid())).isEqualTo("transport close");
    assertUnknownSession(session.get());
  }

  @Test
  void anInvalidPayloadClosesTheSession() throws Exception {
    EioPolling session = open();
    HttpResponse<String> post = session.post("x-not-a-packet");
    assertThat(post.statusCode()).isEqualTo(400);
    assertThat(HeraldClient.parse(post.body()).get("code").asInt()).isEqualTo(3);
    assertUnknownSession(session.get());
    assertThat(ECHO.awaitClosed(session.sid())).isEqualTo("parse error");
  }

  @Test
  void aSecondConcurrentPollEndsTheSession() throws Exception {
    EioPolling session = open();
    CompletableFuture<HttpResponse<String>> first = session.getAsync();
    CompletableFuture<HttpResponse<String>> second = session.getAsync();
    HttpResponse<String> a = first.get(5, TimeUnit.SECONDS);
    HttpResponse<String> b = second.get(5, TimeUnit.SECONDS);
    // Whichever arrived first was waiting and is answered with a close packet; the other one is
    // refused as a bad request.
    List<HttpResponse<String>> answers = List.of(a, b);
    assertThat(answers)
        .anySatisfy(
            r -> {
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.body()).isEqualTo("1");
            })
        .anySatisfy(
            r -> {
              assertThat(r.statusCode()).isEqualTo(400);
              assertThat(r.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
            });
    assertUnknownSession(session.get());
    assertThat(ECHO.awaitClosed(session.sid())).isEqualTo("transport error");
  }

  @Test
  void aPollWhoseConnectionTheClientClosesEndsTheSession() throws Exception {
    EioPolling session = open();
    // java.net.Socket, not this package's Socket.IO socket.
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      String path = session.uri().getRawPath() + "?" + session.uri().getRawQuery();
      socket
          .getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
    }
    assertThat(ECHO.awaitClosed(session.sid())).isEqualTo("transport close");
    assertUnknownSession(session.get());
  }

  @Test
  void aPayloadOverMaxPayloadIsRefusedAndClosesTheSession() throws Exception {
    EioPolling session = open();
    HttpResponse<String> post = session.post("4" + "x".repeat(MAX_PAYLOAD));
    assertThat(post.statusCode()).isEqualTo(413);
    assertThat(ECHO.awaitClosed(session.sid())).isEqualTo("transport error");
    assertUnknownSession(session.get());
  }

  @Test
  void aPayloadJustUnderTheLimitIsAccepted() throws Exception {
    EioPolling session = open();
    String text = "y".repeat(MAX_PAYLOAD - 1);
    assertThat(session.post("4" + text).body()).isEqualTo("ok");
    ECHO.awaitReceived(session.sid(), 1);
    assertThat(session.get().body()).isEqualTo("4" + text);
  }
}
