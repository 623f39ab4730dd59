package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.Herald;
import io.herald.testing.TestHerald;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection middlewares (server and namespace) and dynamic namespaces. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoMiddlewareTest {
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static Herald herald;
  private static Namespace teams;
  private static int port;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.socketIo(
                    io -> {
                      io.use(
                          socket -> {
                            String token = socket.handshake().auth().path("token").asText("");
                            if (token.equals("bad")) {
                              throw new SocketIoException("not allowed", Map.of("code", 401));
                            }
                            if (token.equals("boom")) {
                              throw new IllegalStateException("a bug in the middleware");
                            }
                            socket.join("checked");
                          });
                      io.onConnection(socket -> SOCKETS.put(socket.id(), socket));
                      io.of("/guarded")
                          .use(
                              socket -> {
                                throw new SocketIoException("members only");
                              });
                      io.of("/open").onConnection(socket -> SOCKETS.put(socket.id(), socket));
                      teams = io.of(Pattern.compile("^/team-\\d+$"));
                      teams.use(socket -> socket.data().put("team", socket.namespace()));
                      teams.onConnection(socket -> SOCKETS.put(socket.id(), socket));
                    }));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static Socket socket(String sid) {
    return await().until(() -> SOCKETS.get(sid), s -> s != null);
  }

  @Test
  void aSocketIoExceptionRefusesWithItsMessageAndData() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      client.send("0{\"token\":\"bad\"}");
      assertThat(client.next()).isEqualTo("4{\"message\":\"not allowed\",\"data\":{\"code\":401}}");
      // The connection stays: the client may try again.
      String sid = client.connect("/", "{\"token\":\"good\"}").get("sid").asText();
      assertThat(socket(sid).connected()).isTrue();
    }
  }

  @Test
  void anyOtherExceptionRefusesWithServerError() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      client.send("0{\"token\":\"boom\"}");
      assertThat(client.next()).isEqualTo("4{\"message\":\"server error\"}");
    }
  }

  @Test
  void aNamespaceMiddlewareGuardsItsNamespace() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      client.send("0/guarded,");
      assertThat(client.next()).isEqualTo("4/guarded,{\"message\":\"members only\"}");
    }
  }

  @Test
  void theServerMiddlewareGuardsTheMainNamespaceOnly() throws Exception {
    // As Node's io.use: a token the main namespace refuses is fine for another namespace.
    try (SioClient client = SioClient.open(port)) {
      String sid = client.connect("/open", "{\"token\":\"bad\"}").get("sid").asText();
      assertThat(socket(sid).namespace()).isEqualTo("/open");
      assertThat(socket(sid).rooms()).doesNotContain("checked");
    }
  }

  @Test
  void roomsJoinedInAMiddlewareAreJoinedOnceAccepted() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      String sid = client.connect("/", "{\"token\":\"good\"}").get("sid").asText();
      assertThat(socket(sid).rooms()).containsExactlyInAnyOrder(sid, "checked");
      herald.socketIo().to("checked").emit("checked", 1);
      assertThat(client.next()).isEqualTo("2[\"checked\",1]");
    }
  }

  @Test
  void dynamicNamespacesAreCreatedOnDemand() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      String sid = client.connect("/team-7", null).get("sid").asText();
      Socket socket = socket(sid);
      assertThat(socket.namespace()).isEqualTo("/team-7");
      // The parent's middleware and handler ran for the child.
      assertThat(socket.data()).containsEntry("team", "/team-7");
      teams.emit("hello", "team");
      assertThat(client.next()).isEqualTo("2/team-7,[\"hello\",\"team\"]");
      herald.socketIo().of("/team-7").emit("direct");
      assertThat(client.next()).isEqualTo("2/team-7,[\"direct\"]");

      client.send("0/team-x,");
      assertThat(client.next()).isEqualTo("4/team-x,{\"message\":\"Invalid namespace\"}");
      client.send("0/team-12/extra,");
      assertThat(client.next()).isEqualTo("4/team-12/extra,{\"message\":\"Invalid namespace\"}");
    }
  }
}
