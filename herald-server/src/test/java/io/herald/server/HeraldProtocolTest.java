package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Herald channel protocol at {@code /herald}, frame by frame (docs/protocol.md). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeraldProtocolTest {
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.config(
                        TestHerald.CONFIG.withLimits(
                            TestHerald.CONFIG.limits().withMaxSubscriptionsPerConnection(3)))
                    .authenticator(
                        handshake -> {
                          String user = handshake.queryParam("user");
                          return user == null ? Principal.ANONYMOUS : Principal.user(user);
                        })
                    .socketIo(io -> {}));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static String channel() {
    return "test:" + UUID.randomUUID();
  }

  @Test
  void greetsWithConnectedFrame() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      JsonNode connected = client.connected();
      assertThat(connected.get("client").asText()).hasSize(16);
      assertThat(connected.get("user").isNull()).isTrue();
      assertThat(connected.get("version").asInt()).isEqualTo(1);
      assertThat(connected.get("maxMessageSize").asInt()).isEqualTo(1 << 20);
    }
  }

  @Test
  void subscribePublishAckAndDeliver() throws Exception {
    String channel = channel();
    try (HeraldClient alice = HeraldClient.connect(port);
        HeraldClient bob = HeraldClient.connect(port)) {
      JsonNode subscribed =
          bob.send("{\"op\":\"subscribe\",\"id\":7,\"channel\":\"" + channel + "\"}").next();
      assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
      assertThat(subscribed.get("id").asLong()).isEqualTo(7);
      assertThat(subscribed.get("channel").asText()).isEqualTo(channel);
      assertThat(subscribed.get("offset").asText()).endsWith(":0");
      assertThat(subscribed.get("recovered").asBoolean()).isTrue();
      assertThat(subscribed.get("replayed").asInt()).isZero();

      alice.send(
          "{\"op\":\"publish\",\"id\":9,\"channel\":\""
              + channel
              + "\",\"event\":\"chat\",\"data\":{\"text\":\"hi\"}}");
      JsonNode ack = alice.next();
      assertThat(ack.get("type").asText()).isEqualTo("ack");
      assertThat(ack.get("id").asLong()).isEqualTo(9);
      String epoch = subscribed.get("offset").asText().split(":")[0];
      assertThat(ack.get("offset").asText()).isEqualTo(epoch + ":1");

      JsonNode message = bob.next();
      assertThat(message.get("type").asText()).isEqualTo("message");
      assertThat(message.get("channel").asText()).isEqualTo(channel);
      assertThat(message.get("offset").asText()).isEqualTo(epoch + ":1");
      assertThat(message.get("event").asText()).isEqualTo("chat");
      assertThat(message.get("data").get("text").asText()).isEqualTo("hi");
      assertThat(message.get("time").asLong()).isPositive();
    }
  }

  @Test
  void publishWithoutIdIsNotAckedButDelivered() throws Exception {
    String channel = channel();
    try (HeraldClient client = HeraldClient.connect(port)) {
      client.subscribe(channel);
      client.send("{\"op\":\"publish\",\"channel\":\"" + channel + "\",\"data\":1}");
      JsonNode next = client.next();
      assertThat(next.get("type").asText()).isEqualTo("message");
      assertThat(next.get("event").asText()).isEqualTo("message");
      assertThat(next.get("data").asInt()).isEqualTo(1);
    }
  }

  @Test
  void unsubscribeStopsDelivery() throws Exception {
    String channel = channel();
    try (HeraldClient client = HeraldClient.connect(port)) {
      client.subscribe(channel);
      JsonNode reply =
          client.send("{\"op\":\"unsubscribe\",\"id\":3,\"channel\":\"" + channel + "\"}").next();
      assertThat(reply.get("type").asText()).isEqualTo("unsubscribed");
      assertThat(reply.get("id").asLong()).isEqualTo(3);
      herald.publish(channel, "x", 1).toCompletableFuture().get(5, TimeUnit.SECONDS);
      JsonNode pong = client.send("{\"op\":\"ping\",\"id\":4}").next();
      assertThat(pong.get("type").asText()).isEqualTo("pong");
      assertThat(herald.engine().subscriberCount(channel)).isZero();
    }
  }

  @Test
  void presenceCountsAnonymousAndListsUsers() throws Exception {
    String channel = channel();
    try (HeraldClient ada = HeraldClient.connect(port, "/herald?user=ada");
        HeraldClient anonymous = HeraldClient.connect(port)) {
      assertThat(ada.connected().get("user").asText()).isEqualTo("ada");
      ada.send(
          "{\"op\":\"subscribe\",\"channel\":\""
              + channel
              + "\",\"presence\":true,\"info\":{\"name\":\"Ada\"}}");
      ada.next("subscribed");
      JsonNode ownJoin = ada.next("join");
      assertThat(ownJoin.get("client").asText()).isEqualTo(ada.clientId());

      anonymous.subscribe(channel);
      JsonNode join = ada.next("join");
      assertThat(join.get("channel").asText()).isEqualTo(channel);
      assertThat(join.get("client").asText()).isEqualTo(anonymous.clientId());
      assertThat(join.get("user").isNull()).isTrue();

      JsonNode presence =
          anonymous
              .send("{\"op\":\"presence\",\"id\":5,\"channel\":\"" + channel + "\"}")
              .next("presence");
      assertThat(presence.get("id").asLong()).isEqualTo(5);
      assertThat(presence.get("count").asInt()).isEqualTo(2);
      assertThat(presence.get("users")).hasSize(1);
      assertThat(presence.get("users").get(0).asText()).isEqualTo("ada");
      assertThat(presence.get("clients").toString()).contains("\"name\":\"Ada\"");

      anonymous.close();
      JsonNode leave = ada.next("leave");
      assertThat(leave.get("client").asText()).isEqualTo(anonymous.clientId());
      assertThat(herald.presence(channel).toCompletableFuture().get()).hasSize(1);
    }
  }

  @Test
  void badFramesGetErrorsAndTheConnectionStaysOpen() throws Exception {
    String channel = channel();
    try (HeraldClient client = HeraldClient.connect(port);
        HeraldClient bystander = HeraldClient.connect(port)) {
      bystander.subscribe(channel);
      Map<String, String> cases =
          Map.ofEntries(
              Map.entry("{nope", "invalid_json"),
              Map.entry("[1,2]", "invalid_frame"),
              Map.entry("{\"id\":1}", "invalid_frame"),
              Map.entry("{\"op\":\"fly\",\"id\":2}", "unknown_op"),
              Map.entry("{\"op\":\"ping\",\"id\":-1}", "invalid_frame"),
              Map.entry("{\"op\":\"subscribe\",\"chanel\":\"x\"}", "invalid_frame"),
              Map.entry("{\"op\":\"subscribe\",\"channel\":\"\"}", "invalid_channel"),
              Map.entry("{\"op\":\"subscribe\",\"channel\":\"a\\\"b\"}", "invalid_channel"),
              Map.entry(
                  "{\"op\":\"subscribe\",\"channel\":\"a\",\"since\":\"nope\"}", "invalid_offset"),
              Map.entry(
                  "{\"op\":\"publish\",\"channel\":\"a\",\"event\":\"herald.x\"}", "invalid_event"),
              Map.entry("{\"op\":\"unsubscribe\",\"channel\":\"never\"}", "not_subscribed"));
      for (Map.Entry<String, String> c : cases.entrySet()) {
        JsonNode error = client.send(c.getKey()).next();
        assertThat(error.get("type").asText()).as(c.getKey()).isEqualTo("error");
        assertThat(error.get("code").asText()).as(c.getKey()).isEqualTo(c.getValue());
        assertThat(error.get("message").asText()).as(c.getKey()).isNotBlank();
      }
      JsonNode unknownOp = client.send("{\"op\":\"fly\",\"id\":2}").next();
      assertThat(unknownOp.get("id").asLong()).isEqualTo(2);

      // Still open, and nobody else noticed.
      client.publish(channel, "after", "true");
      assertThat(bystander.next().get("event").asText()).isEqualTo("after");
    }
  }

  @Test
  void subscriptionLimitsAreEnforced() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      String channel = channel();
      client.subscribe(channel);
      JsonNode again = client.send("{\"op\":\"subscribe\",\"channel\":\"" + channel + "\"}").next();
      assertThat(again.get("code").asText()).isEqualTo("already_subscribed");
      client.subscribe(channel());
      client.subscribe(channel());
      JsonNode fourth =
          client.send("{\"op\":\"subscribe\",\"channel\":\"" + channel() + "\"}").next();
      assertThat(fourth.get("code").asText()).isEqualTo("too_many_subscriptions");
    }
  }

  @Test
  void binaryFrameClosesWith1003() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      client.socket().sendBinary(new byte[] {1, 2, 3});
      assertThat(client.socket().awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1003);
    }
  }

  @Test
  void oversizedFrameClosesWith1009() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      byte[] big = new byte[(1 << 20) + 1];
      java.util.Arrays.fill(big, (byte) 'a');
      client.socket().sendFrame(RawWebSocket.TEXT, big, true, 0);
      RawWebSocket.Frame close = client.socket().awaitClose(Duration.ofSeconds(5));
      assertThat(close.closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void oversizedFragmentedMessageClosesWith1009() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      byte[] half = new byte[(1 << 19) + 10];
      java.util.Arrays.fill(half, (byte) 'a');
      client.socket().sendFrame(RawWebSocket.TEXT, half, false, 0);
      client.socket().sendFrame(0x0, half, true, 0);
      assertThat(client.socket().awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void fragmentedMessageWithinTheLimitIsReassembled() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      client
          .socket()
          .sendFrame(RawWebSocket.TEXT, "{\"op\":\"pi".getBytes(StandardCharsets.UTF_8), false, 0);
      client.socket().sendFrame(0x0, "ng\",\"id\":11}".getBytes(StandardCharsets.UTF_8), true, 0);
      JsonNode pong = client.next();
      assertThat(pong.get("type").asText()).isEqualTo("pong");
      assertThat(pong.get("id").asLong()).isEqualTo(11);
    }
  }

  @Test
  void invalidUtf8ClosesWith1007() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      client
          .socket()
          .sendFrame(RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, true, 0);
      assertThat(client.socket().awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1007);
    }
  }

  @Test
  void unmaskedFrameIsAProtocolError() throws Exception {
    try (HeraldClient client = HeraldClient.connect(port)) {
      client.socket().sendRaw(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});
      assertThat(client.socket().awaitClose(Duration.ofSeconds(5)).closeCode()).isEqualTo(1002);
    }
  }

  @Test
  void aCloseCodeAbove4999IsAProtocolError() throws Exception {
    // Found by WireFuzzTest on the Engine.IO WebSocket; every WebSocket shares the close handling.
    for (String path : new String[] {"/herald", "/socket.io/?EIO=4&transport=websocket"}) {
      try (RawWebSocket socket = RawWebSocket.connect(port, path)) {
        socket.sendClose(13360, "");
        RawWebSocket.Frame answer = socket.awaitClose(Duration.ofSeconds(5));
        assertThat(answer.closeCode()).as(path).isEqualTo(1002);
        assertThat(answer.closeReason()).as(path).isEqualTo("invalid close code");
        assertThat(socket.isClosedByServer(Duration.ofSeconds(5))).as(path).isTrue();
      }
    }
  }

  @Test
  void clientCloseIsEchoedAndCleansUp() throws Exception {
    String channel = channel();
    HeraldClient client = HeraldClient.connect(port);
    client.subscribe(channel);
    assertThat(herald.engine().subscriberCount(channel)).isEqualTo(1);
    client.socket().sendClose(1000, "bye");
    RawWebSocket.Frame echo = client.socket().awaitClose(Duration.ofSeconds(5));
    assertThat(echo.closeCode()).isEqualTo(1000);
    assertThat(client.socket().isClosedByServer(Duration.ofSeconds(5))).isTrue();
    client.close();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> herald.engine().subscriberCount(channel) == 0);
    assertThat(herald.presence(channel).toCompletableFuture().get()).isEmpty();
  }
}
