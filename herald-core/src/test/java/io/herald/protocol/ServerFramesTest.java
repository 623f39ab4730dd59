package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServerFramesTest {

  private static void assertBytes(byte[] actual, String expected) {
    assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(actual).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void messageFrame() {
    byte[] frame =
        MessageJson.frame(
            "news",
            new Offset("Xk2p", 18),
            "update",
            1763900000000L,
            JsonData.parse("{ \"title\" : \"é\" }"));

    assertBytes(
        frame,
        "{\"type\":\"message\",\"channel\":\"news\",\"offset\":\"Xk2p:18\",\"event\":\"update\","
            + "\"time\":1763900000000,\"data\":{\"title\":\"é\"}}");
  }

  @Test
  void messageEnvelope() {
    byte[] envelope =
        MessageJson.envelope("user:42", new Offset("a9Fq", 3), "message", 0L, JsonData.NULL);

    assertBytes(
        envelope,
        "{\"channel\":\"user:42\",\"offset\":\"a9Fq:3\",\"event\":\"message\",\"time\":0,"
            + "\"data\":null}");
  }

  @Test
  void messageEnvelopeEncodesUnicodeChannelAsUtf8() {
    byte[] envelope =
        MessageJson.envelope("ch☃", new Offset("e", 1), "ev", 5L, JsonData.parse("[1,2]"));

    assertBytes(
        envelope,
        "{\"channel\":\"ch☃\",\"offset\":\"e:1\",\"event\":\"ev\",\"time\":5,\"data\":[1,2]}");
  }

  @Test
  void connected() {
    assertBytes(
        ServerFrames.connected(new ClientInfo("q3Vh2k9TQXyRrzt1", null, null), 1048576),
        "{\"type\":\"connected\",\"client\":\"q3Vh2k9TQXyRrzt1\",\"user\":null,\"version\":1,"
            + "\"maxMessageSize\":1048576}");
    assertBytes(
        ServerFrames.connected(new ClientInfo("c", "ada", null), 10),
        "{\"type\":\"connected\",\"client\":\"c\",\"user\":\"ada\",\"version\":1,"
            + "\"maxMessageSize\":10}");
  }

  @Test
  void subscribed() {
    assertBytes(
        ServerFrames.subscribed(1L, "news", new Offset("Xk2p", 17), true, 2),
        "{\"type\":\"subscribed\",\"id\":1,\"channel\":\"news\",\"offset\":\"Xk2p:17\","
            + "\"recovered\":true,\"replayed\":2}");
    assertBytes(
        ServerFrames.subscribed(null, "n", new Offset("e", 0), false, 0),
        "{\"type\":\"subscribed\",\"channel\":\"n\",\"offset\":\"e:0\",\"recovered\":false,"
            + "\"replayed\":0}");
  }

  @Test
  void unsubscribedAckAndPong() {
    assertBytes(
        ServerFrames.unsubscribed(2L, "news"),
        "{\"type\":\"unsubscribed\",\"id\":2,\"channel\":\"news\"}");
    assertBytes(
        ServerFrames.ack(3L, "news", new Offset("Xk2p", 18)),
        "{\"type\":\"ack\",\"id\":3,\"channel\":\"news\",\"offset\":\"Xk2p:18\"}");
    assertBytes(ServerFrames.pong(5L), "{\"type\":\"pong\",\"id\":5}");
    assertBytes(ServerFrames.pong(null), "{\"type\":\"pong\"}");
    assertBytes(
        ServerFrames.pong(ClientFrameDecoder.MAX_ID),
        "{\"type\":\"pong\",\"id\":9007199254740991}");
  }

  @Test
  void errorEscapesMessage() {
    assertBytes(
        ServerFrames.error(3L, ErrorCode.INVALID_CHANNEL, "channel name must not contain '\"'"),
        "{\"type\":\"error\",\"id\":3,\"code\":\"invalid_channel\","
            + "\"message\":\"channel name must not contain '\\\"'\"}");
    assertBytes(
        ServerFrames.error(null, ErrorCode.INVALID_JSON, "line1\nline2\r\\end\t"),
        "{\"type\":\"error\",\"code\":\"invalid_json\","
            + "\"message\":\"line1\\nline2\\r\\\\end\\t\"}");
  }

  @Test
  void presenceDeduplicatesUsersAndListsAnonymousClients() {
    List<ClientInfo> clients =
        List.of(
            new ClientInfo("q3Vh2k9TQXyRrzt1", "ada", JsonData.parse("{\"name\":\"ada\"}")),
            new ClientInfo("second", "ada", null),
            new ClientInfo("Zt0Lw1aa8cD3EfGh", null, null),
            new ClientInfo("third", "bob", JsonData.parse("{}")));

    assertBytes(
        ServerFrames.presence(4L, "news", clients),
        "{\"type\":\"presence\",\"id\":4,\"channel\":\"news\",\"count\":4,"
            + "\"users\":[\"ada\",\"bob\"],\"clients\":["
            + "{\"client\":\"q3Vh2k9TQXyRrzt1\",\"user\":\"ada\",\"info\":{\"name\":\"ada\"}},"
            + "{\"client\":\"second\",\"user\":\"ada\",\"info\":null},"
            + "{\"client\":\"Zt0Lw1aa8cD3EfGh\",\"user\":null,\"info\":null},"
            + "{\"client\":\"third\",\"user\":\"bob\",\"info\":{}}]}");
  }

  @Test
  void presenceOfEmptyChannel() {
    assertBytes(
        ServerFrames.presence(null, "news", List.of()),
        "{\"type\":\"presence\",\"channel\":\"news\",\"count\":0,\"users\":[],\"clients\":[]}");
  }

  @Test
  void presenceChanges() {
    ClientInfo ada = new ClientInfo("c1", "ada", JsonData.parse("{\"name\":\"ada\"}"));
    ClientInfo anon = new ClientInfo("c2", null, null);

    assertBytes(
        ServerFrames.presenceChange(true, "news", ada),
        "{\"type\":\"join\",\"channel\":\"news\",\"client\":\"c1\",\"user\":\"ada\","
            + "\"info\":{\"name\":\"ada\"}}");
    assertBytes(
        ServerFrames.presenceChange(false, "news", anon),
        "{\"type\":\"leave\",\"channel\":\"news\",\"client\":\"c2\",\"user\":null,\"info\":null}");
    assertBytes(
        ServerFrames.presenceChangeObject("news", ada),
        "{\"channel\":\"news\",\"client\":\"c1\",\"user\":\"ada\",\"info\":{\"name\":\"ada\"}}");
  }

  @Test
  void clientInfoRequiresId() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClientInfo("", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ClientInfo(null, "u", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ClientInfo("c", "u", null).withInfo(JsonData.NULL))
        .isEqualTo(new ClientInfo("c", "u", JsonData.NULL));
  }
}
