package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.Herald;
import io.herald.testing.TestHerald;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rooms and the broadcast operator: who gets an event, fetchSockets and friends, onAny and packet
 * middlewares. Whether a client got nothing is checked with a sentinel sent to everyone afterwards:
 * broadcasts reach a socket in the order they were made.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoRoomsTest {
  private static final String SENTINEL = "2[\"sentinel\"]";
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static final Map<String, String> REASONS = new ConcurrentHashMap<>();
  private static final Queue<String> SEEN = new ConcurrentLinkedQueue<>();
  private static Herald herald;
  private static SocketIoServer io;
  private static int port;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.socketIo(
                    server ->
                        server.onConnection(
                            socket -> {
                              String id = socket.id();
                              socket.onAny((event, args) -> SEEN.add(id + " any " + event));
                              socket.use(
                                  (event, args) -> {
                                    if (event.equals("forbidden")) {
                                      throw new IllegalStateException("no " + event);
                                    }
                                  });
                              socket.onError(e -> SEEN.add(id + " error " + e.getMessage()));
                              socket.on(
                                  "forbidden", (args, ack) -> SEEN.add(id + " ran forbidden"));
                              socket.on("allowed", (args, ack) -> SEEN.add(id + " ran allowed"));
                              socket.onDisconnect(reason -> REASONS.put(id, reason));
                              SOCKETS.put(id, socket);
                            })));
    io = herald.socketIo();
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static Socket socket(SioClient client) {
    return await().until(() -> SOCKETS.get(client.sid()), s -> s != null);
  }

  /** Sends the sentinel to every socket; each client reads it after what was sent before. */
  private static void sentinel() {
    io.emit("sentinel");
  }

  @Test
  void onlyMembersOfARoomGetItsEvents() throws Exception {
    try (SioClient a = SioClient.connected(port);
        SioClient b = SioClient.connected(port)) {
      Socket sa = socket(a);
      socket(b);
      sa.join("r1");
      assertThat(sa.rooms()).containsExactlyInAnyOrder(sa.id(), "r1");
      io.to("r1").emit("news", 1);
      sentinel();
      assertThat(a.next()).isEqualTo("2[\"news\",1]");
      assertThat(a.next()).isEqualTo(SENTINEL);
      assertThat(b.next()).isEqualTo(SENTINEL);

      sa.leave("r1");
      assertThat(sa.rooms()).containsExactly(sa.id());
      io.to("r1").emit("news", 2);
      sentinel();
      assertThat(a.next()).isEqualTo(SENTINEL);
      assertThat(b.next()).isEqualTo(SENTINEL);
    }
  }

  @Test
  void exceptLeavesOutARoom() throws Exception {
    try (SioClient a = SioClient.connected(port);
        SioClient b = SioClient.connected(port)) {
      socket(a).join("r2");
      socket(b);
      io.except("r2").emit("not-r2");
      sentinel();
      assertThat(a.next()).isEqualTo(SENTINEL);
      assertThat(b.next()).isEqualTo("2[\"not-r2\"]");
      assertThat(b.next()).isEqualTo(SENTINEL);
    }
  }

  @Test
  void aSocketsBroadcastsLeaveOutTheSender() throws Exception {
    try (SioClient a = SioClient.connected(port);
        SioClient b = SioClient.connected(port)) {
      Socket sa = socket(a);
      sa.join("r3");
      socket(b).join("r3");
      sa.to("r3").emit("from-a", "to");
      sa.broadcast().emit("from-a", "broadcast");
      sentinel();
      assertThat(a.next()).isEqualTo(SENTINEL);
      assertThat(b.next()).isEqualTo("2[\"from-a\",\"to\"]");
      assertThat(b.next()).isEqualTo("2[\"from-a\",\"broadcast\"]");
      assertThat(b.next()).isEqualTo(SENTINEL);
    }
  }

  @Test
  void aSocketInSeveralTargetedRoomsGetsTheEventOnce() throws Exception {
    try (SioClient a = SioClient.connected(port)) {
      socket(a).join("r4", "r5");
      io.to("r4", "r5").emit("once");
      io.in("r4").to("r5").emit("twice-named");
      sentinel();
      assertThat(a.next()).isEqualTo("2[\"once\"]");
      assertThat(a.next()).isEqualTo("2[\"twice-named\"]");
      assertThat(a.next()).isEqualTo(SENTINEL);
    }
  }

  @Test
  void everySocketIsInTheRoomOfItsId() throws Exception {
    try (SioClient a = SioClient.connected(port);
        SioClient b = SioClient.connected(port)) {
      Socket sa = socket(a);
      socket(b);
      assertThat(sa.rooms()).contains(a.sid());
      io.to(a.sid()).emit("just-you");
      sentinel();
      assertThat(a.next()).isEqualTo("2[\"just-you\"]");
      assertThat(a.next()).isEqualTo(SENTINEL);
      assertThat(b.next()).isEqualTo(SENTINEL);
    }
  }

  @Test
  void fetchSocketsSocketsJoinAndSocketsLeave() throws Exception {
    try (SioClient a = SioClient.connected(port);
        SioClient b = SioClient.connected(port)) {
      Socket sa = socket(a);
      socket(b);
      sa.data().put("name", "alice");
      sa.join("r6");
      List<RemoteSocket> found = io.in("r6").fetchSockets().toCompletableFuture().get();
      assertThat(found).hasSize(1);
      RemoteSocket remote = found.get(0);
      assertThat(remote.id()).isEqualTo(a.sid());
      assertThat(remote.rooms()).containsExactlyInAnyOrder(a.sid(), "r6");
      assertThat(remote.data()).containsEntry("name", "alice");
      assertThat(remote.handshake().query("transport")).isEqualTo("websocket");
      assertThat(io.fetchSockets().toCompletableFuture().get())
          .extracting(RemoteSocket::id)
          .contains(a.sid(), b.sid());

      io.in("r6").socketsJoin("r7");
      assertThat(sa.rooms()).contains("r6", "r7");
      io.to("r7").emit("r7");
      assertThat(a.next()).isEqualTo("2[\"r7\"]");
      io.in("r7").socketsLeave("r6");
      assertThat(sa.rooms()).containsExactlyInAnyOrder(a.sid(), "r7");
      remote.emit("remote", 1);
      assertThat(a.next()).isEqualTo("2[\"remote\",1]");
    }
  }

  @Test
  void disconnectSocketsLeavesOrClosesTheConnection() throws Exception {
    try (SioClient a = SioClient.connected(port);
        SioClient b = SioClient.connected(port)) {
      socket(a).join("r8");
      socket(b).join("r9");
      String first = a.sid();
      io.in("r8").disconnectSockets(false);
      assertThat(a.next()).isEqualTo("1");
      assertThat(await().until(() -> REASONS.get(first), r -> r != null))
          .isEqualTo("server namespace disconnect");
      // Only the namespace was left: the connection can join again.
      String again = a.connect("/", null).get("sid").asText();
      assertThat(again).isNotEqualTo(first);

      io.in("r9").disconnectSockets(true);
      assertThat(b.next()).isEqualTo("1");
      assertThat(b.isClosedByServer(Await.WAIT)).isTrue();
      assertThat(await().until(() -> REASONS.get(b.sid()), r -> r != null))
          .isEqualTo("server namespace disconnect");
    }
  }

  @Test
  void onAnySeesEveryEvent() throws Exception {
    try (SioClient a = SioClient.connected(port)) {
      a.send("2[\"whatever\",1]");
      a.send("2[\"allowed\"]");
      await().until(() -> SEEN.contains(a.sid() + " ran allowed"));
      assertThat(SEEN).contains(a.sid() + " any whatever", a.sid() + " any allowed");
    }
  }

  @Test
  void aThrowingPacketMiddlewareDropsTheEvent() throws Exception {
    try (SioClient a = SioClient.connected(port)) {
      a.send("2[\"forbidden\"]");
      a.send("2[\"allowed\"]");
      // Events are handled in order: once "allowed" ran, "forbidden" was dealt with.
      await().until(() -> SEEN.contains(a.sid() + " ran allowed"));
      assertThat(SEEN).contains(a.sid() + " error no forbidden");
      assertThat(SEEN).doesNotContain(a.sid() + " ran forbidden", a.sid() + " any forbidden");
    }
  }

  @Test
  void reservedEventNamesCannotBeEmitted() throws Exception {
    try (SioClient a = SioClient.connected(port)) {
      Socket sa = socket(a);
      for (String name :
          List.of(
              "connect",
              "connect_error",
              "disconnect",
              "disconnecting",
              "newListener",
              "removeListener")) {
        assertThatThrownBy(() -> sa.emit(name))
            .as(name)
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sa.emitWithAck(name))
            .as(name)
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.emit(name))
            .as(name)
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> io.to("r").emit(name))
            .as(name)
            .isInstanceOf(IllegalArgumentException.class);
      }
      // Nothing went out.
      sentinel();
      assertThat(a.next()).isEqualTo(SENTINEL);
    }
  }
}
