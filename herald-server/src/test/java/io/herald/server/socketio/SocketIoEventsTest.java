package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.server.Herald;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Socket.IO v5 events and acknowledgements, plain and binary, both ways, both transports. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoEventsTest {
  private static final String PLACEHOLDER = "{\"_placeholder\":true,\"num\":%d}";
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static final BlockingQueue<Arguments> RECORDED = new LinkedBlockingQueue<>();
  private static final BlockingQueue<Object> MOVES = new LinkedBlockingQueue<>();

  /** A typed event argument. */
  record Move(int x, int y) {}

  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.socketIo(
                    io ->
                        io.onConnection(
                            socket -> {
                              socket.on("echo", (args, ack) -> socket.emit("echo", args.toArray()));
                              socket.on("ack", (args, ack) -> ack.send(args.toArray()));
                              socket.on("record", (args, ack) -> RECORDED.add(args));
                              socket.on(
                                  "move",
                                  Move.class,
                                  (move, ack) -> {
                                    MOVES.add(move);
                                    ack.send(move.x() + move.y());
                                  });
                              socket.onError(MOVES::add);
                              SOCKETS.put(socket.id(), socket);
                            })));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static Socket socket(String sid) {
    return await().until(() -> SOCKETS.get(sid), s -> s != null);
  }

  private static String placeholder(int num) {
    return PLACEHOLDER.formatted(num);
  }

  private static Arguments recorded() throws InterruptedException {
    Arguments args = RECORDED.poll(5, TimeUnit.SECONDS);
    assertThat(args).as("an event reached the handler").isNotNull();
    return args;
  }

  /** The ack id of an EVENT packet the client received, e.g. 12 for {@code 212["q"]}. */
  private static long ackId(String packet, String rest) {
    Matcher matcher = Pattern.compile("^2(\\d+)" + Pattern.quote(rest) + "$").matcher(packet);
    assertThat(matcher.matches()).as(packet).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  @Test
  void plainEventsGoBothWays() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      client.send("2[\"echo\",1,\"2\",{\"3\":[true]}]");
      assertThat(client.next()).isEqualTo("2[\"echo\",1,\"2\",{\"3\":[true]}]");
      client.send("2[\"record\",\"é\",null]");
      Arguments args = recorded();
      assertThat(args.size()).isEqualTo(2);
      assertThat(args.text(0)).isEqualTo("é");
      assertThat(args.text(1)).isNull();
    }
  }

  @Test
  void aTypedHandlerGetsItsArgumentBound() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      client.send("27[\"move\",{\"x\":3,\"y\":4}]");
      assertThat(client.next()).isEqualTo("37[7]");
      assertThat(MOVES.poll(5, TimeUnit.SECONDS)).isEqualTo(new Move(3, 4));
      // A value that does not bind goes to the error handler; the handler does not run.
      client.send("28[\"move\",\"north\"]");
      assertThat(MOVES.poll(5, TimeUnit.SECONDS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasFieldOrPropertyWithValue("message", "argument 0 is not a valid Move");
    }
  }

  @Test
  void binaryEventsTravelAsBinaryFrames() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      client.send("52-[\"record\"," + placeholder(0) + ",{\"nested\":" + placeholder(1) + "}]");
      client.sendBinary(new byte[] {1, 2, 3});
      client.sendBinary(new byte[] {4, 5, 6});
      Arguments args = recorded();
      assertThat(args.bytes(0)).containsExactly(1, 2, 3);
      assertThat(args.get(1).get("nested").binaryValue()).containsExactly(4, 5, 6);

      socket(client.sid()).emit("file", "name", new byte[] {7, 8}, new byte[0]);
      assertThat(client.next())
          .isEqualTo("52-[\"file\",\"name\"," + placeholder(0) + "," + placeholder(1) + "]");
      assertThat(client.nextBinary()).containsExactly(7, 8);
      assertThat(client.nextBinary()).isEmpty();
    }
  }

  @Test
  void theClientsAcksAreAnswered() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      client.send("2456[\"ack\",1,\"2\",{\"3\":[false]}]");
      assertThat(client.next()).isEqualTo("3456[1,\"2\",{\"3\":[false]}]");
      // A binary event with an ack, answered with a binary ack.
      client.send("51-7[\"ack\"," + placeholder(0) + "]");
      client.sendBinary(new byte[] {9, 8});
      assertThat(client.next()).isEqualTo("61-7[" + placeholder(0) + "]");
      assertThat(client.nextBinary()).containsExactly(9, 8);
    }
  }

  @Test
  void theServersAcksAreAnswered() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      Socket socket = socket(client.sid());
      CompletableFuture<Arguments> answer =
          socket.emitWithAck("question", 42).toCompletableFuture();
      long id = ackId(client.next(), "[\"question\",42]");
      client.send("3" + id + "[\"yes\",{\"n\":1}]");
      Arguments args = answer.get(5, TimeUnit.SECONDS);
      assertThat(args.text(0)).isEqualTo("yes");
      assertThat(args.get(1).get("n").asInt()).isEqualTo(1);

      CompletableFuture<Arguments> binary =
          socket.emitWithAck("upload", new byte[] {1}).toCompletableFuture();
      String packet = client.next();
      assertThat(packet).matches("51-\\d+\\[\"upload\"," + Pattern.quote(placeholder(0)) + "]");
      assertThat(client.nextBinary()).containsExactly(1);
      String binaryId = packet.substring(3, packet.indexOf('['));
      client.send("61-" + binaryId + "[" + placeholder(0) + "]");
      client.sendBinary(new byte[] {5, 6});
      assertThat(binary.get(5, TimeUnit.SECONDS).bytes(0)).containsExactly(5, 6);
    }
  }

  @Test
  void anUnansweredAckTimesOut() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      CompletableFuture<Arguments> answer =
          socket(client.sid())
              .timeout(Duration.ofMillis(200))
              .emitWithAck("ignored")
              .toCompletableFuture();
      ackId(client.next(), "[\"ignored\"]");
      assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TimeoutException.class);
    }
  }

  @Test
  void aBroadcastWithAckCollectsEveryAnswer() throws Exception {
    try (SioClient first = SioClient.connected(port);
        SioClient second = SioClient.connected(port)) {
      socket(first.sid()).join("voters");
      socket(second.sid()).join("voters");
      CompletableFuture<List<Arguments>> answers =
          herald
              .socketIo()
              .to("voters")
              .timeout(Duration.ofSeconds(5))
              .emitWithAck("vote", "a or b?")
              .toCompletableFuture();
      first.send("3" + ackId(first.next(), "[\"vote\",\"a or b?\"]") + "[\"a\"]");
      second.send("3" + ackId(second.next(), "[\"vote\",\"a or b?\"]") + "[\"b\"]");
      List<String> votes = new ArrayList<>();
      answers.get(5, TimeUnit.SECONDS).forEach(args -> votes.add(args.text(0)));
      assertThat(votes).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void binaryTravelsAsBase64OverPolling() throws Exception {
    EioPolling polling = EioPolling.open(port, "/socket.io/");
    assertThat(polling.post("40").body()).isEqualTo("ok");
    List<String> connect = poll(polling, 1);
    assertThat(connect.get(0)).startsWith("40{\"sid\":\"");
    String sid = connect.get(0).substring(10, connect.get(0).length() - 2);

    assertThat(
            polling
                .post("451-[\"record\"," + placeholder(0) + "]\u001ebAQID\u001e42[\"record\",2]")
                .body())
        .isEqualTo("ok");
    assertThat(recorded().bytes(0)).containsExactly(1, 2, 3);
    assertThat(recorded().get(0).asInt()).isEqualTo(2);

    socket(sid).emit("file", new byte[] {4, 5, 6}, "x");
    assertThat(poll(polling, 2))
        .containsExactly("451-[\"file\"," + placeholder(0) + ",\"x\"]", "bBAUG");
    assertThat(polling.post("41").body()).isEqualTo("ok");
    await().until(() -> !socket(sid).connected());
  }

  @Test
  void aSessionUpgradedFromPollingKeepsItsSocket() throws Exception {
    EioPolling polling = EioPolling.open(port, "/socket.io/");
    polling.post("40");
    String connect = poll(polling, 1).get(0);
    String sid = connect.substring(10, connect.length() - 2);
    Socket socket = socket(sid);
    socket.join("upgrading");
    // Queued for the next poll, then moved to the WebSocket by the upgrade.
    herald.socketIo().to("upgrading").emit("queued", new byte[] {1});
    try (RawWebSocket ws =
        RawWebSocket.connect(port, "/socket.io/?EIO=4&transport=websocket&sid=" + polling.sid())) {
      ws.sendText("2probe");
      assertThat(ws.readText(Await.WAIT)).isEqualTo("3probe");
      ws.sendText("5");
      assertThat(ws.readText(Await.WAIT)).isEqualTo("451-[\"queued\"," + placeholder(0) + "]");
      assertThat(ws.read(Await.WAIT).payload()).containsExactly(1);
      ws.sendText("42[\"echo\",\"over websocket\"]");
      assertThat(ws.readText(Await.WAIT)).isEqualTo("42[\"echo\",\"over websocket\"]");
      assertThat(socket.connected()).isTrue();
      assertThat(SOCKETS.get(sid)).isSameAs(socket);
    }
  }

  /** Polls until {@code count} Engine.IO packets arrived (a poll may carry fewer). */
  private static List<String> poll(EioPolling polling, int count) throws Exception {
    List<String> packets = new ArrayList<>();
    while (packets.size() < count) {
      String body = polling.get().body();
      packets.addAll(Arrays.asList(body.split("\u001e")));
    }
    return packets;
  }
}
