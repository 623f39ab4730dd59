package io.herald.protocol.engineio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.protocol.ErrorCode;
import io.herald.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineCodecTest {
  private static final EnginePacket PING = EnginePacket.text(EnginePacketType.PING, "");

  private static EnginePacket message(String text) {
    return EnginePacket.text(EnginePacketType.MESSAGE, text);
  }

  private static void assertInvalid(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PACKET));
  }

  // --- packet types -----------------------------------------------------------------------------

  @Test
  void packetTypesAreTheDigitsZeroToSix() {
    String codes = "0123456";
    for (int i = 0; i < codes.length(); i++) {
      EnginePacketType type = EnginePacketType.values()[i];
      assertThat(type.code()).isEqualTo(codes.charAt(i));
      assertThat(EnginePacketType.of(codes.charAt(i))).isSameAs(type);
    }
    assertThat(EnginePacketType.of('4')).isEqualTo(EnginePacketType.MESSAGE);
    assertThat(EnginePacketType.of('6')).isEqualTo(EnginePacketType.NOOP);
  }

  @ParameterizedTest
  @ValueSource(chars = {'7', '9', '/', 'a', 'b', ' ', '\u001e', '\u0000', '٤'})
  void unknownTypeCharacterIsInvalid(char c) {
    assertInvalid(() -> EnginePacketType.of(c));
  }

  // --- WebSocket frames -------------------------------------------------------------------------

  @Test
  void decodesSpecWebSocketFrames() {
    assertThat(EngineCodec.decodeFrame("4hello")).isEqualTo(message("hello"));
    assertThat(EngineCodec.decodeFrame("2probe"))
        .isEqualTo(EnginePacket.text(EnginePacketType.PING, "probe"));
    assertThat(EngineCodec.decodeFrame("3probe"))
        .isEqualTo(EnginePacket.text(EnginePacketType.PONG, "probe"));
    assertThat(EngineCodec.decodeFrame("5"))
        .isEqualTo(EnginePacket.text(EnginePacketType.UPGRADE, ""));
    assertThat(EngineCodec.decodeFrame("6"))
        .isEqualTo(EnginePacket.text(EnginePacketType.NOOP, ""));
    assertThat(EngineCodec.decodeFrame("1"))
        .isEqualTo(EnginePacket.text(EnginePacketType.CLOSE, ""));
    assertThat(EngineCodec.decodeFrame("2")).isEqualTo(PING);
    assertThat(EngineCodec.decodeFrame("4")).isEqualTo(message(""));
    assertThat(EngineCodec.decodeFrame("42[\"hey\",\"Jude\"]"))
        .isEqualTo(message("42[\"hey\",\"Jude\"]".substring(1)));
  }

  @Test
  void textFramesKeepUnicodeAndSeparators() {
    assertThat(EngineCodec.decodeFrame("4h€llo 😀\u001ex")).isEqualTo(message("h€llo 😀\u001ex"));
  }

  @Test
  void encodesTextFrames() {
    assertThat(EngineCodec.encodeText(message("hello"))).isEqualTo("4hello");
    assertThat(EngineCodec.encodeText(EnginePacket.text(EnginePacketType.PONG, "probe")))
        .isEqualTo("3probe");
    assertThat(EngineCodec.encodeText(PING)).isEqualTo("2");
    assertThat(EngineCodec.encodeText(EnginePacket.text(EnginePacketType.NOOP, ""))).isEqualTo("6");
  }

  @Test
  void textFramesRoundTrip() {
    for (String frame : List.of("0{\"sid\":\"x\"}", "1", "2probe", "3", "4hello", "5", "6", "4")) {
      assertThat(EngineCodec.encodeText(EngineCodec.decodeFrame(frame))).isEqualTo(frame);
    }
  }

  @Test
  void binaryFrameIsABinaryMessageHoldingACopy() {
    byte[] data = {1, 2, 3, 4};
    EnginePacket packet = EngineCodec.decodeFrame(data);
    data[0] = 9;

    assertThat(packet.type()).isEqualTo(EnginePacketType.MESSAGE);
    assertThat(packet.isBinary()).isTrue();
    assertThat(packet.text()).isNull();
    assertThat(packet.binary()).containsExactly(1, 2, 3, 4);
    assertThat(EngineCodec.decodeFrame(new byte[0]).binary()).isEmpty();
  }

  @Test
  void binaryPacketIsNotATextFrame() {
    assertThatThrownBy(() -> EngineCodec.encodeText(EnginePacket.binary(new byte[] {1})))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "7", "9hello", "bAQIDBA==", " 4hello", "\u001e4"})
  void malformedTextFrameIsInvalid(String frame) {
    assertInvalid(() -> EngineCodec.decodeFrame(frame));
  }

  // --- HTTP long-polling payloads ---------------------------------------------------------------

  @Test
  void decodesSpecPayloadWithThreePackets() {
    assertThat(EngineCodec.decodePayload("4hello\u001e2\u001e4world", EngineLimits.DEFAULTS))
        .containsExactly(message("hello"), PING, message("world"));
  }

  @Test
  void encodesSpecPayloadWithThreePackets() {
    assertThat(EngineCodec.encodePayload(List.of(message("hello"), PING, message("world"))))
        .isEqualTo("4hello\u001e2\u001e4world");
  }

  @Test
  void decodesSpecPayloadWithBinary() {
    List<EnginePacket> packets =
        EngineCodec.decodePayload("4hello\u001ebAQIDBA==", EngineLimits.DEFAULTS);

    assertThat(packets).hasSize(2);
    assertThat(packets.get(0)).isEqualTo(message("hello"));
    assertThat(packets.get(1).isBinary()).isTrue();
    assertThat(packets.get(1).type()).isEqualTo(EnginePacketType.MESSAGE);
    assertThat(packets.get(1).binary()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void encodesSpecPayloadWithBinary() {
    assertThat(
            EngineCodec.encodePayload(
                List.of(message("hello"), EnginePacket.binary(new byte[] {1, 2, 3, 4}))))
        .isEqualTo("4hello\u001ebAQIDBA==");
  }

  @Test
  void testSuitePayloadsRoundTrip() {
    for (String body :
        List.of(
            "4hello",
            "4test1\u001e4test2\u001e4test3",
            "4hello\u001ebAQIDBA==",
            "1",
            "6",
            "3",
            "42[\"hello\"]\u001e42[\"world\"]",
            "b",
            "bAQ==\u001ebAQI=\u001ebAQID\u001e4€😀")) {
      assertThat(EngineCodec.encodePayload(EngineCodec.decodePayload(body, EngineLimits.DEFAULTS)))
          .as(body)
          .isEqualTo(body);
    }
  }

  @Test
  void packetsRoundTripThroughAPayload() {
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    List<EnginePacket> packets =
        List.of(
            EnginePacket.text(EnginePacketType.OPEN, "{\"sid\":\"abc\"}"),
            EnginePacket.binary(all),
            message(""),
            EnginePacket.binary(new byte[0]),
            message("b is not binary here"),
            EnginePacket.text(EnginePacketType.CLOSE, ""));

    String body = EngineCodec.encodePayload(packets);

    assertThat(EngineCodec.decodePayload(body, EngineLimits.DEFAULTS)).isEqualTo(packets);
  }

  @Test
  void emptyBase64IsAnEmptyBinaryMessage() {
    assertThat(EngineCodec.decodePayload("b", EngineLimits.DEFAULTS))
        .containsExactly(EnginePacket.binary(new byte[0]));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "7",
        "\u001e",
        "4hello\u001e",
        "\u001e4hello",
        "4a\u001e\u001e4b",
        "4a\u001eabc",
        "4a\u001e9",
        "bAQIDBA",
        "bAQIDBA=",
        "bAQID!A==",
        "bAQ-_",
        "b====",
        "bA===",
        "bAQ==AQ==",
        "b AQIDBA==",
        "bAQIDBA==\n"
      })
  void malformedPayloadIsInvalid(String body) {
    assertInvalid(() -> EngineCodec.decodePayload(body, EngineLimits.DEFAULTS));
  }

  @Test
  void payloadOverTheByteLimitIsInvalid() {
    EngineLimits limits = new EngineLimits(10, 1024);

    assertThat(EngineCodec.decodePayload("4123456789", limits))
        .containsExactly(message("123456789"));
    assertInvalid(() -> EngineCodec.decodePayload("41234567890", limits));
    // 7 characters but 4 + 3 + 3 = 10 bytes: fits; one more euro sign is 13 bytes.
    assertThat(EngineCodec.decodePayload("4€€€", limits)).containsExactly(message("€€€"));
    assertInvalid(() -> EngineCodec.decodePayload("4€€€€", limits));
    // A surrogate pair is 4 bytes.
    assertThat(EngineCodec.decodePayload("4😀😀a", new EngineLimits(10, 1)))
        .containsExactly(message("😀😀a"));
    assertInvalid(() -> EngineCodec.decodePayload("4😀😀ab", new EngineLimits(10, 1)));
  }

  @Test
  void payloadWithTooManyPacketsIsInvalid() {
    EngineLimits limits = new EngineLimits(1_000_000, 3);

    assertThat(EngineCodec.decodePayload("2\u001e2\u001e2", limits))
        .containsExactly(PING, PING, PING);
    assertInvalid(() -> EngineCodec.decodePayload("2\u001e2\u001e2\u001e2", limits));
    assertInvalid(
        () ->
            EngineCodec.decodePayload(
                "2\u001e".repeat(2000) + "2", new EngineLimits(1_000_000, 1024)));
  }

  @Test
  void defaultLimits() {
    assertThat(EngineLimits.DEFAULTS).isEqualTo(new EngineLimits(1_000_000, 1024));
    assertThatThrownBy(() -> new EngineLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EngineLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void utf8LengthMatchesTheEncoder() {
    for (String s : List.of("", "abc", "é", "€", "😀", "a€😀é\u0000\uffff")) {
      assertThat(EngineCodec.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    }
    assertThat(EngineCodec.utf8Length("\ud800")).isEqualTo(3);
  }

  @Test
  void payloadThatCannotBeEncodedIsRejected() {
    assertThatThrownBy(() -> EngineCodec.encodePayload(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EngineCodec.encodePayload(List.of(message("a\u001eb"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- handshake --------------------------------------------------------------------------------

  @Test
  void encodesSpecOpenPacket() {
    assertThat(
            EngineCodec.encodeOpen(
                "lv_VI97HAXpY6yYWAAAC", List.of("websocket"), 25000, 5000, 1_000_000))
        .isEqualTo(
            "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],"
                + "\"pingInterval\":25000,\"pingTimeout\":5000,\"maxPayload\":1000000}");
    assertThat(
            EngineCodec.encodeOpen(
                "lv_VI97HAXpY6yYWAAAC", List.of("websocket"), 25000, 20000, 1_000_000))
        .isEqualTo(
            "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],"
                + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
  }

  @Test
  void encodesOpenPacketWithoutUpgradesAndEscapesTheSid() {
    assertThat(EngineCodec.encodeOpen("a\"b", List.of(), 300, 200, 1_000_000))
        .isEqualTo(
            "0{\"sid\":\"a\\\"b\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,"
                + "\"maxPayload\":1000000}");
  }

  @Test
  void openPacketDecodesAsAnOpenTextPacket() {
    String open = EngineCodec.encodeOpen("sid1", List.of("websocket"), 1, 2, 3);

    EnginePacket packet = EngineCodec.decodeFrame(open);

    assertThat(packet.type()).isEqualTo(EnginePacketType.OPEN);
    assertThat(packet.text()).startsWith("{\"sid\":\"sid1\"");
    assertThat(EngineCodec.encodePayload(List.of(packet))).isEqualTo(open);
  }

  // --- packet invariants ------------------------------------------------------------------------

  @Test
  void packetHoldsEitherTextOrBinary() {
    assertThatThrownBy(() -> new EnginePacket(EnginePacketType.MESSAGE, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EnginePacket(EnginePacketType.MESSAGE, "a", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EnginePacket(EnginePacketType.PING, null, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EnginePacket.text(EnginePacketType.PING, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void binaryPacketsCompareByContent() {
    assertThat(EnginePacket.binary(new byte[] {1, 2}))
        .isEqualTo(EnginePacket.binary(new byte[] {1, 2}))
        .hasSameHashCodeAs(EnginePacket.binary(new byte[] {1, 2}))
        .isNotEqualTo(EnginePacket.binary(new byte[] {1, 3}))
        .isNotEqualTo(message("\u0001\u0002"));
    assertThat(EnginePacket.binary(new byte[] {1, 2}).toString()).contains("2 bytes");
  }
}
