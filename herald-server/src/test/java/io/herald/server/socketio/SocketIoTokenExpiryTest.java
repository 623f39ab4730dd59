package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static io.herald.testing.Tokens.SECRET;
import static io.herald.testing.Tokens.hs256;
import static io.herald.testing.Tokens.shortLived;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Authenticator;
import io.herald.server.Handshake;
import io.herald.server.Herald;
import io.herald.server.JwtOptions;
import io.herald.server.Principal;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An Engine.IO session closes when the credentials it was admitted with expire, whether they came
 * at the Engine.IO handshake or in a namespace's CONNECT; over WebSocket (close 4001) and over
 * long-polling (a close packet), so that the client reconnects and authenticates afresh.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoTokenExpiryTest {
  private static final Duration WAIT = Duration.ofSeconds(6);

  /** Each socket's disconnect reason, by user. */
  private static final Map<String, String> REASONS = new ConcurrentHashMap<>();

  private static Herald herald;

  @BeforeAll
  static void start() {
    herald =
        Herald.builder()
            .config(TestHerald.CONFIG.withJwt(JwtOptions.hmac(SECRET).withClockSkew(Duration.ZERO)))
            .socketIo(
                io -> {
                  io.onConnection(
                      socket ->
                          socket.onDisconnect(
                              reason -> REASONS.put(socket.principal().userId(), reason)));
                  io.of("/chat");
                })
            .start();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void aTokenFromTheHandshakeClosesTheWebSocket() throws Exception {
    try (SioClient client = SioClient.open(herald.port(), "&token=" + shortLived("fay"))) {
      client.connect("/", null);
      RawWebSocket.Frame close = client.ws().awaitClose(WAIT);
      assertThat(close.closeCode()).isEqualTo(4001);
      assertThat(close.closeReason()).isEqualTo("token expired");
    }
    assertThat(await().until(() -> REASONS.get("fay"), r -> r != null)).isEqualTo("token expired");
  }

  @Test
  void aTokenFromTheConnectPayloadClosesTheSession() throws Exception {
    try (SioClient client = SioClient.open(herald.port(), "&token=" + hs256("gus"))) {
      client.connect("/", null);
      // The namespace's own token is shorter-lived than the handshake's: it decides.
      client.connect("/chat", "{\"token\":\"" + shortLived("hal") + "\"}");
      assertThat(client.ws().awaitClose(WAIT).closeCode()).isEqualTo(4001);
    }
  }

  @Test
  void aLongPollIsAnsweredWithAClosePacket() throws Exception {
    Http http = new Http(herald.port());
    String base = "/socket.io/?EIO=4&transport=polling";
    String open = http.get(base + "&token=" + shortLived("ike")).body();
    assertThat(open).startsWith("0");
    String sid = HeraldClient.parse(open.substring(1)).get("sid").asText();
    String session = base + "&sid=" + sid;
    assertThat(http.post(session, "40").body()).isEqualTo("ok");
    assertThat(http.get(session).body()).startsWith("40{\"sid\":");
    // This poll waits (the ping interval is 25 s) until the token expires.
    assertThat(http.get(session).body()).isEqualTo("1");
  }

  @Test
  void aConnectWithExpiredCredentialsIsRefused() throws Exception {
    Authenticator expiredAtConnect =
        new Authenticator() {
          @Override
          public Principal authenticate(Handshake handshake) {
            return Principal.ANONYMOUS;
          }

          @Override
          public Principal authenticateSocketIo(
              Handshake handshake, JsonNode auth, Principal connectionPrincipal) {
            return Principal.user("zed").withExpiry(Instant.now().minusSeconds(1));
          }
        };
    try (Herald server =
            TestHerald.start(b -> b.authenticator(expiredAtConnect).socketIo(io -> {}));
        SioClient client = SioClient.open(server.port())) {
      client.send("0");
      assertThat(client.next())
          .isEqualTo(
              "4{\"message\":\"the credentials have expired\","
                  + "\"data\":{\"code\":\"token_expired\",\"status\":401}}");
    }
  }
}
