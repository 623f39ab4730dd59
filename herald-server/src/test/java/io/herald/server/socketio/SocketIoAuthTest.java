package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static io.herald.testing.Tokens.OTHER_SECRET;
import static io.herald.testing.Tokens.SECRET;
import static io.herald.testing.Tokens.claims;
import static io.herald.testing.Tokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.protocol.ErrorCode;
import io.herald.server.Authenticator;
import io.herald.server.Handshake;
import io.herald.server.Herald;
import io.herald.server.HttpError;
import io.herald.server.JwtOptions;
import io.herald.server.Principal;
import io.herald.server.Transport;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Authentication of Socket.IO clients: the JWT authenticator at the Engine.IO handshake and in the
 * CONNECT {@code auth} payload, and an application's own {@link
 * Authenticator#authenticateSocketIo}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoAuthTest {
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();

  /** The principal each middleware saw, by socket id. */
  private static final Map<String, Principal> MIDDLEWARE = new ConcurrentHashMap<>();

  /** The transports the custom authenticator was asked about. */
  private static final Set<Transport> HANDSHAKES = ConcurrentHashMap.newKeySet();

  private static Herald jwt;
  private static Herald custom;

  @BeforeAll
  static void start() {
    jwt =
        Herald.builder()
            .config(TestHerald.CONFIG.withJwt(JwtOptions.hmac(SECRET)))
            .socketIo(
                io -> {
                  io.use(socket -> MIDDLEWARE.put(socket.id(), socket.principal()));
                  io.onConnection(socket -> SOCKETS.put(socket.id(), socket));
                  io.of("/chat").onConnection(socket -> SOCKETS.put(socket.id(), socket));
                })
            .start();
    custom =
        TestHerald.start(
            b ->
                b.authenticator(new RoomKeys())
                    .socketIo(io -> io.onConnection(socket -> SOCKETS.put(socket.id(), socket))));
  }

  @AfterAll
  static void stop() {
    jwt.stop();
    custom.stop();
  }

  /** Anyone opens the connection; each namespace wants a {@code key} in the CONNECT payload. */
  private static final class RoomKeys implements Authenticator {
    @Override
    public Principal authenticate(Handshake handshake) {
      HANDSHAKES.add(handshake.transport());
      return Principal.ANONYMOUS;
    }

    @Override
    public Principal authenticateSocketIo(
        Handshake handshake, JsonNode auth, Principal connectionPrincipal) {
      String key = auth.path("key").asText("");
      if (!key.startsWith("key-")) {
        throw new HttpError(ErrorCode.FORBIDDEN, "a key is needed");
      }
      return new Principal(key.substring(4), Map.of("via", "key"));
    }
  }

  private static Socket socket(String sid) {
    return await().until(() -> SOCKETS.get(sid), s -> s != null);
  }

  @Test
  void theConnectPayloadBringsTheToken() throws Exception {
    // Without a token at the Engine.IO handshake the connection opens; the namespace wants one.
    try (SioClient client = SioClient.open(jwt.port())) {
      client.send("0");
      assertThat(client.next())
          .isEqualTo(
              "4{\"message\":\"a token is required\","
                  + "\"data\":{\"code\":\"unauthorized\",\"status\":401}}");
      client.send("0{\"token\":\"" + hs256(OTHER_SECRET, claims("ivy").build()) + "\"}");
      assertThat(client.next())
          .isEqualTo(
              "4{\"message\":\"the token's signature is invalid\","
                  + "\"data\":{\"code\":\"unauthorized\",\"status\":401}}");
      // The connection stays up: the client may try again with a good token.
      String sid = client.connect("/", "{\"token\":\"" + hs256("ivy") + "\"}").get("sid").asText();
      Socket socket = socket(sid);
      assertThat(socket.principal().userId()).isEqualTo("ivy");
      assertThat(socket.principal().claims()).containsEntry("sub", "ivy");
      // The authenticator runs before the middlewares, which see the socket's principal.
      assertThat(MIDDLEWARE.get(sid).userId()).isEqualTo("ivy");
    }
  }

  @Test
  void aTokenAtTheEngineIoHandshakeServesEveryNamespace() throws Exception {
    try (SioClient client = SioClient.open(jwt.port(), "&token=" + hs256("jack"))) {
      assertThat(socket(client.connect("/", null).get("sid").asText()).principal().userId())
          .isEqualTo("jack");
      assertThat(socket(client.connect("/chat", null).get("sid").asText()).principal().userId())
          .isEqualTo("jack");
    }
  }

  @Test
  void aBadTokenAtTheEngineIoHandshakeIsRefusedBeforeTheUpgrade() throws Exception {
    try {
      RawWebSocket.connect(jwt.port(), SioClient.PATH + "&token=garbage").close();
      throw new AssertionError("the upgrade should have been refused");
    } catch (RawWebSocket.RefusedException e) {
      assertThat(e.refusal().status()).isEqualTo(401);
      assertThat(e.refusal().body())
          .isEqualTo(
              "{\"error\":\"unauthorized\",\"message\":\"the token is not a well-formed JWT\"}");
    }
  }

  @Test
  void anApplicationAuthenticatesTheConnectPayload() throws Exception {
    try (SioClient client = SioClient.open(custom.port())) {
      client.send("0{\"key\":\"nope\"}");
      assertThat(client.next())
          .isEqualTo(
              "4{\"message\":\"a key is needed\",\"data\":{\"code\":\"forbidden\",\"status\":403}}");
      String sid = client.connect("/", "{\"key\":\"key-kim\"}").get("sid").asText();
      Principal principal = socket(sid).principal();
      assertThat(principal.userId()).isEqualTo("kim");
      assertThat(principal.claims()).containsEntry("via", "key");
      assertThat(HANDSHAKES).containsExactly(Transport.SOCKET_IO);
    }
  }
}
