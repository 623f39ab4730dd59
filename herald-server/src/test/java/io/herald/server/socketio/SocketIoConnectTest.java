package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Herald;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Socket.IO v5 namespace CONNECT and DISCONNECT over an Engine.IO WebSocket. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoConnectTest {
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static final Map<String, String> REASONS = new ConcurrentHashMap<>();
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    SocketIoOptions options =
        SocketIoOptions.DEFAULTS
            .withEngine(
                EngineIoOptions.DEFAULTS.withPing(Duration.ofMillis(300), Duration.ofSeconds(5)))
            .withConnectTimeout(Duration.ofSeconds(1));
    herald =
        TestHerald.start(
            b ->
                b.socketIo(
                    options,
                    io -> {
                      io.onConnection(SocketIoConnectTest::track);
                      io.of("/custom").onConnection(SocketIoConnectTest::track);
                    }));
    port = herald.port();
  }

  private static void track(Socket socket) {
    socket.onDisconnect(reason -> REASONS.put(socket.id(), reason));
    SOCKETS.put(socket.id(), socket);
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static String reason(String sid) {
    return await().until(() -> REASONS.get(sid), r -> r != null);
  }

  private static Socket socket(String sid) {
    return await().until(() -> SOCKETS.get(sid), s -> s != null);
  }

  @Test
  void connectsToTheMainNamespace() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      JsonNode connected = client.connect("/", null);
      assertThat(connected.properties()).extracting(Map.Entry::getKey).containsExactly("sid");
      String sid = connected.get("sid").asText();
      // The socket id is not the Engine.IO session id.
      assertThat(sid).isNotBlank().isNotEqualTo(client.engineOpen().get("sid").asText());
      Socket socket = socket(sid);
      assertThat(socket.namespace()).isEqualTo("/");
      assertThat(socket.connected()).isTrue();
      assertThat(socket.handshake().auth().isObject()).isTrue();
      assertThat(socket.handshake().auth().isEmpty()).isTrue();
      assertThat(socket.handshake().query("EIO")).isEqualTo("4");
    }
  }

  @Test
  void theAuthPayloadReachesTheHandshake() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      String sid = client.connect("/", "{\"token\":\"123\"}").get("sid").asText();
      assertThat(socket(sid).handshake().auth().toString()).isEqualTo("{\"token\":\"123\"}");
    }
  }

  @Test
  void connectsToACustomNamespace() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      // Sent as 40/custom,{"token":"abc"}; answered 40/custom,{"sid":"…"}.
      String sid = client.connect("/custom", "{\"token\":\"abc\"}").get("sid").asText();
      Socket socket = socket(sid);
      assertThat(socket.namespace()).isEqualTo("/custom");
      assertThat(socket.handshake().auth().get("token").asText()).isEqualTo("abc");
    }
  }

  @Test
  void anUnknownNamespaceIsRefusedAndTheConnectionStays() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      client.send("0/random,");
      assertThat(client.next()).isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
      client.send("0/random");
      assertThat(client.next()).isEqualTo("4/random,{\"message\":\"Invalid namespace\"}");
      String sid = client.connect("/", null).get("sid").asText();
      assertThat(socket(sid).connected()).isTrue();
    }
  }

  @Test
  void aConnectionThatJoinsNoNamespaceIsClosed() throws Exception {
    try (SioClient client = SioClient.open(port)) {
      long opened = System.nanoTime();
      assertThat(client.isClosedByServer(Await.WAIT)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - opened))
          .isGreaterThan(Duration.ofMillis(500));
    }
  }

  @Test
  void aClientDisconnectLeavesTheEngineConnectionOpen() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      String sid = client.sid();
      Socket socket = socket(sid);
      client.send("1");
      assertThat(reason(sid)).isEqualTo("client namespace disconnect");
      assertThat(socket.connected()).isFalse();
      // The Engine.IO session goes on: pings keep coming, and the client may connect again.
      assertThat(client.awaitPing(Await.WAIT)).isTrue();
      assertThat(client.awaitPing(Await.WAIT)).isTrue();
      String again = client.connect("/", null).get("sid").asText();
      assertThat(again).isNotEqualTo(sid);
      assertThat(socket(again).connected()).isTrue();
    }
  }

  @Test
  void disconnectingFromACustomNamespaceKeepsTheMainOne() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      String main = client.sid();
      String custom = client.connect("/custom", null).get("sid").asText();
      // Its connection handler has run (a socket gone before that never reaches the handlers).
      assertThat(socket(custom).namespace()).isEqualTo("/custom");
      client.send("1/custom,");
      assertThat(reason(custom)).isEqualTo("client namespace disconnect");
      assertThat(socket(main).connected()).isTrue();
      socket(main).emit("still", "here");
      assertThat(client.next()).isEqualTo("2[\"still\",\"here\"]");
    }
  }
}
