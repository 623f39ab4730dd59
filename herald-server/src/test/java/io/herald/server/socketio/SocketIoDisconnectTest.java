package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.Herald;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Why a socket left, as its disconnect handlers are told, and what they can still see. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoDisconnectTest {
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static final Map<String, String> REASONS = new ConcurrentHashMap<>();
  private static final Map<String, String> LEAVING = new ConcurrentHashMap<>();
  private static final Map<String, Set<String>> ROOMS_WHILE_LEAVING = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> CONNECTED_WHILE_LEAVING = new ConcurrentHashMap<>();
  private static final Map<String, Boolean> FOUND_WHILE_LEAVING = new ConcurrentHashMap<>();
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    SocketIoOptions options =
        SocketIoOptions.DEFAULTS.withEngine(
            EngineIoOptions.DEFAULTS.withPing(Duration.ofMillis(300), Duration.ofMillis(1000)));
    herald =
        TestHerald.start(
            b ->
                b.socketIo(
                    options,
                    io ->
                        io.onConnection(
                            socket -> {
                              socket.onDisconnecting(
                                  reason -> {
                                    ROOMS_WHILE_LEAVING.put(socket.id(), socket.rooms());
                                    CONNECTED_WHILE_LEAVING.put(socket.id(), socket.connected());
                                    FOUND_WHILE_LEAVING.put(
                                        socket.id(),
                                        !io.in(socket.id())
                                            .fetchSockets()
                                            .toCompletableFuture()
                                            .join()
                                            .isEmpty());
                                    LEAVING.put(socket.id(), reason);
                                  });
                              socket.onDisconnect(reason -> REASONS.put(socket.id(), reason));
                              SOCKETS.put(socket.id(), socket);
                            })));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static Socket socket(SioClient client) {
    return await().until(() -> SOCKETS.get(client.sid()), s -> s != null);
  }

  private static String reason(SioClient client) {
    return await().until(() -> REASONS.get(client.sid()), r -> r != null);
  }

  @Test
  void transportClose() throws Exception {
    SioClient client = SioClient.connected(port);
    socket(client);
    client.close();
    assertThat(reason(client)).isEqualTo("transport close");
  }

  @Test
  void pingTimeout() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      socket(client);
      client.answerPings(false);
      assertThat(client.isClosedByServer(Await.WAIT)).isTrue();
      assertThat(reason(client)).isEqualTo("ping timeout");
    }
  }

  @Test
  void serverNamespaceDisconnect() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      socket(client).disconnect(false);
      assertThat(client.next()).isEqualTo("1");
      assertThat(reason(client)).isEqualTo("server namespace disconnect");
      assertThat(client.awaitPing(Await.WAIT)).isTrue();
    }
  }

  @Test
  void clientNamespaceDisconnect() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      socket(client);
      client.send("1");
      assertThat(reason(client)).isEqualTo("client namespace disconnect");
    }
  }

  @Test
  void disconnectingStillSeesTheRooms() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      Socket socket = socket(client);
      socket.join("kept-until-gone");
      client.send("1");
      assertThat(reason(client)).isEqualTo("client namespace disconnect");
      assertThat(LEAVING).containsEntry(client.sid(), "client namespace disconnect");
      assertThat(ROOMS_WHILE_LEAVING.get(client.sid()))
          .containsExactlyInAnyOrder(client.sid(), "kept-until-gone");
      // As in Node, it is still connected and found while disconnecting.
      assertThat(CONNECTED_WHILE_LEAVING).containsEntry(client.sid(), true);
      assertThat(FOUND_WHILE_LEAVING).containsEntry(client.sid(), true);
      // Once gone, it is in no room.
      assertThat(socket.rooms()).isEmpty();
      assertThat(socket.connected()).isFalse();
    }
  }

  @Test
  void aSocketThatLeavesAtOnceStillGoesThroughItsConnectionHandler() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      // No waiting for the connection handler: the DISCONNECT may arrive before it ran.
      client.send("1");
      assertThat(reason(client)).isEqualTo("client namespace disconnect");
      assertThat(SOCKETS).containsKey(client.sid());
    }
  }
}
