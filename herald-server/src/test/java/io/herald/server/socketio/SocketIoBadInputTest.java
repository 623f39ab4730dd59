package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input that is not Socket.IO v5 closes the session that sent it, and only that one; LeakGuard
 * checks that no buffer of the half-received packets leaks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoBadInputTest {
  private static final int MAX_PAYLOAD = 10_000;
  private static final Map<String, String> REASONS = new ConcurrentHashMap<>();
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static Herald herald;
  private static int port;

  /** Frames a misbehaving client sends: text frames as given (Engine.IO level), byte arrays. */
  record BadInput(String name, List<Object> frames) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() {
    SocketIoOptions options =
        SocketIoOptions.DEFAULTS.withEngine(EngineIoOptions.DEFAULTS.withMaxPayload(MAX_PAYLOAD));
    herald =
        TestHerald.start(
            b ->
                b.socketIo(
                    options,
                    io ->
                        io.onConnection(
                            socket -> {
                              socket.onDisconnect(reason -> REASONS.put(socket.id(), reason));
                              socket.on("echo", (args, ack) -> socket.emit("echo", args.toArray()));
                              SOCKETS.put(socket.id(), socket);
                            })));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  static Stream<BadInput> badInputs() {
    String placeholder0 = "{\"_placeholder\":true,\"num\":0}";
    String placeholder1 = "{\"_placeholder\":true,\"num\":1}";
    return Stream.of(
        new BadInput("unknown packet type", List.of("4abc")),
        new BadInput("event payload not an array", List.of("42{}")),
        new BadInput("malformed JSON", List.of("42abc[")),
        new BadInput("invalid ack id", List.of("42abc[\"message-with-ack\",1,\"2\"]")),
        new BadInput("CONNECT_ERROR from the client", List.of("44{\"message\":\"x\"}")),
        new BadInput("event for a namespace not joined", List.of("42/other,[\"x\"]")),
        new BadInput(
            "placeholder num out of range",
            List.of("451-[\"echo\"," + placeholder0 + "," + placeholder1 + "]")),
        new BadInput(
            "fewer attachments than announced",
            List.of("452-[\"echo\"," + placeholder0 + "]", new byte[] {1}, "42[\"echo\"]")),
        new BadInput(
            "one attachment named by two placeholders",
            List.of("451-[\"echo\"," + placeholder0 + "," + placeholder0 + "]")),
        new BadInput("binary frame without a placeholder packet", List.of(new byte[] {1, 2, 3})),
        new BadInput(
            "more attachments than maxAttachments",
            List.of("4511-[\"echo\"," + placeholder0 + "]")));
  }

  /** A connected client whose session must survive the other one's misbehaviour. */
  private static void assertStillWorks(SioClient bystander) throws Exception {
    bystander.send("2[\"echo\",\"still here\"]");
    assertThat(bystander.next()).isEqualTo("2[\"echo\",\"still here\"]");
  }

  private static String reason(String sid) {
    return await().until(() -> REASONS.get(sid), r -> r != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputClosesOnlyThatSession(BadInput input) throws Exception {
    try (SioClient bystander = SioClient.connected(port);
        SioClient bad = SioClient.connected(port)) {
      // Its handlers are in place before it misbehaves.
      await().until(() -> SOCKETS.containsKey(bad.sid()));
      for (Object frame : input.frames()) {
        if (frame instanceof String text) {
          bad.ws().sendText(text);
        } else {
          bad.sendBinary((byte[]) frame);
        }
      }
      assertThat(bad.isClosedByServer(Await.WAIT)).isTrue();
      assertThat(reason(bad.sid())).isEqualTo("parse error");
      assertThat(REASONS).doesNotContainKey(bystander.sid());
      assertStillWorks(bystander);
    }
  }

  @Test
  void anAckWithoutAnIdIsIgnored() throws Exception {
    try (SioClient client = SioClient.connected(port)) {
      await().until(() -> SOCKETS.containsKey(client.sid()));
      client.ws().sendText("43[1]");
      client.ws().sendText("43/,[\"x\"]");
      assertStillWorks(client);
      assertThat(REASONS).doesNotContainKey(client.sid());
    }
  }

  @Test
  void badInputBeforeAnyNamespaceClosesTheConnection() throws Exception {
    try (SioClient bystander = SioClient.connected(port);
        SioClient bad = SioClient.open(port)) {
      bad.ws().sendText("4abc");
      assertThat(bad.isClosedByServer(Await.WAIT)).isTrue();
      assertStillWorks(bystander);
    }
  }

  @Test
  void anOversizedPollingBodyClosesThatSession() throws Exception {
    try (SioClient bystander = SioClient.connected(port)) {
      EioPolling polling = EioPolling.open(port, "/socket.io/");
      assertThat(polling.handshake().get("maxPayload").asInt()).isEqualTo(MAX_PAYLOAD);
      polling.post("40");
      String connect = polling.get().body();
      assertThat(connect).startsWith("40{\"sid\":\"");
      String sid = HeraldClient.parse(connect.substring(2)).get("sid").asText();
      await().until(() -> SOCKETS.containsKey(sid));

      HttpResponse<String> tooBig =
          polling.post("42[\"echo\",\"" + "x".repeat(MAX_PAYLOAD) + "\"]");
      assertThat(tooBig.statusCode()).isEqualTo(413);
      assertThat(reason(sid)).isEqualTo("transport error");
      assertThat(polling.get().statusCode()).isEqualTo(400);
      assertStillWorks(bystander);
    }
  }
}
