package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Connection state recovery: a client that comes back with its private session id and the offset of
 * the last event it received gets its socket id, rooms and data back, and the events it missed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoRecoveryTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static final Map<String, String> REASONS = new ConcurrentHashMap<>();
  private static Herald herald;
  private static Herald shortLived;

  @BeforeAll
  static void start() {
    herald = start(RecoveryOptions.on());
    shortLived = start(RecoveryOptions.on().withMaxDisconnectionDuration(SHORT));
  }

  private static Herald start(RecoveryOptions recovery) {
    return TestHerald.start(
        b ->
            b.socketIo(
                SocketIoOptions.DEFAULTS.withRecovery(recovery),
                io ->
                    io.onConnection(
                        socket -> {
                          socket.onDisconnect(reason -> REASONS.put(socket.id(), reason));
                          SOCKETS.put(socket.id(), socket);
                        })));
  }

  @AfterAll
  static void stop() {
    herald.stop();
    shortLived.stop();
  }

  private static Socket socket(String sid, Socket previous) {
    return await().until(() -> SOCKETS.get(sid), s -> s != null && s != previous);
  }

  /** An event as received: its name and arguments, the offset (last argument) taken off. */
  private record Received(String event, List<JsonNode> args, String offset) {}

  private static Received receive(SioClient client) throws Exception {
    String packet = client.next();
    assertThat(packet).startsWith("2[");
    ArrayNode values = (ArrayNode) HeraldClient.parse(packet.substring(1));
    List<JsonNode> args = new ArrayList<>();
    values.forEach(args::add);
    String offset = args.remove(args.size() - 1).asText();
    return new Received(args.remove(0).asText(), args, offset);
  }

  /** Connects, joins a room, sets data and receives two events; then the connection drops. */
  private record Dropped(String sid, String pid, String lastOffset, Socket socket) {}

  private static Dropped connectReceiveAndDrop(Herald server) throws Exception {
    try (SioClient client = SioClient.open(server.port())) {
      JsonNode connected = client.connect("/", null);
      String sid = connected.get("sid").asText();
      String pid = connected.get("pid").asText();
      assertThat(pid).isNotBlank().isNotEqualTo(sid);
      Socket socket = socket(sid, null);
      assertThat(socket.recovered()).isFalse();
      socket.join("room-a");
      socket.data().put("name", "alice");

      server.socketIo().to("room-a").emit("e1", 1);
      Received first = receive(client);
      assertThat(first.event()).isEqualTo("e1");
      assertThat(first.offset()).isNotBlank();
      // A direct emit carries an offset too.
      socket.emit("d1", "x");
      Received second = receive(client);
      assertThat(second.event()).isEqualTo("d1");
      assertThat(second.offset()).isNotEqualTo(first.offset());
      // Leaving without a word: the socket is kept for recovery.
      client.close();
      assertThat(await().until(() -> REASONS.get(sid), r -> r != null))
          .isEqualTo("transport close");
      return new Dropped(sid, pid, second.offset(), socket);
    }
  }

  private static String auth(String pid, String offset) {
    return "{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}";
  }

  @Test
  void aReconnectionRecoversTheSessionAndWhatItMissed() throws Exception {
    Dropped dropped = connectReceiveAndDrop(herald);
    // Missed while away: a room broadcast, a namespace broadcast, a direct emit.
    herald.socketIo().to("room-a").emit("e2", 2);
    herald.socketIo().emit("all", 3);
    dropped.socket().emit("d2", "y");

    try (SioClient client = SioClient.open(herald.port())) {
      JsonNode connected = client.connect("/", auth(dropped.pid(), dropped.lastOffset()));
      assertThat(connected.get("sid").asText()).isEqualTo(dropped.sid());
      assertThat(connected.get("pid").asText()).isEqualTo(dropped.pid());
      List<String> replayed = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Received event = receive(client);
        replayed.add(event.event() + event.args());
      }
      // Each channel replays in order; channels are independent.
      assertThat(replayed).containsExactlyInAnyOrder("e2[2]", "all[3]", "d2[\"y\"]");

      Socket socket = socket(dropped.sid(), dropped.socket());
      assertThat(socket.recovered()).isTrue();
      assertThat(socket.rooms()).containsExactlyInAnyOrder(dropped.sid(), "room-a");
      assertThat(socket.data()).containsEntry("name", "alice");
      // And it goes on live.
      herald.socketIo().to("room-a").emit("e3", 4);
      assertThat(receive(client).event()).isEqualTo("e3");
    }
  }

  @Test
  void anUnknownOffsetStartsAFreshSession() throws Exception {
    Dropped dropped = connectReceiveAndDrop(herald);
    try (SioClient client = SioClient.open(herald.port())) {
      JsonNode connected = client.connect("/", auth(dropped.pid(), "nowhere:42"));
      String sid = connected.get("sid").asText();
      assertThat(sid).isNotEqualTo(dropped.sid());
      assertThat(connected.get("pid").asText()).isNotEqualTo(dropped.pid());
      Socket socket = socket(sid, null);
      assertThat(socket.recovered()).isFalse();
      assertThat(socket.rooms()).containsExactly(sid);
      assertThat(socket.data()).isEmpty();
    }
  }

  @Test
  void anExpiredSessionIsNotRecovered() throws Exception {
    Dropped dropped = connectReceiveAndDrop(shortLived);
    long gone = System.nanoTime();
    // The session is kept for SHORT after the disconnection; wait well past that.
    await().until(() -> System.nanoTime() - gone > SHORT.multipliedBy(2).toNanos());
    try (SioClient client = SioClient.open(shortLived.port())) {
      JsonNode connected = client.connect("/", auth(dropped.pid(), dropped.lastOffset()));
      String sid = connected.get("sid").asText();
      assertThat(sid).isNotEqualTo(dropped.sid());
      Socket socket = socket(sid, null);
      assertThat(socket.recovered()).isFalse();
      assertThat(socket.rooms()).containsExactly(sid);
    }
  }
}
