package io.herald.protocol.socketio;

import static io.herald.protocol.socketio.SocketIoCodecTest.array;
import static io.herald.protocol.socketio.SocketIoCodecTest.bin;
import static io.herald.protocol.socketio.SocketIoCodecTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.ProtocolException;
import io.herald.protocol.engineio.EngineCodec;
import io.herald.protocol.engineio.EnginePacket;
import io.herald.protocol.engineio.EnginePacketType;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The frames of the Socket.IO v5 test suite (docs/socket.io-protocol/v5-test-suite), taken through
 * the Engine.IO codec as on the wire, and every malformed input the decoder must refuse.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketIoDecoderTest {
  private SocketIoDecoder decoder = new SocketIoDecoder(SocketIoLimits.DEFAULTS);

  /** Decodes a WebSocket text frame as the server would: Engine.IO, then Socket.IO. */
  private SocketIoPacket wire(String frame) {
    EnginePacket packet = EngineCodec.decodeFrame(frame);
    assertThat(packet.type()).isEqualTo(EnginePacketType.MESSAGE);
    return decoder.decodeText(packet.text());
  }

  private SocketIoPacket wire(byte[] frame) {
    return decoder.decodeBinary(EngineCodec.decodeFrame(frame).binary());
  }

  private static void assertInvalid(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PACKET));
  }

  private void assertInvalidText(String text) {
    assertInvalid(() -> decoder.decodeText(text));
    assertThat(decoder.isReassembling()).isFalse();
  }

  // --- test-suite frames ------------------------------------------------------------------------

  @Test
  void testSuiteHandshakes() {
    assertThat(wire("40")).isEqualTo(SocketIoPacket.connect("/", null));
    assertThat(wire("40{\"token\":\"123\"}"))
        .isEqualTo(SocketIoPacket.connect("/", json("{\"token\":\"123\"}")));
    assertThat(wire("40/custom,")).isEqualTo(SocketIoPacket.connect("/custom", null));
    assertThat(wire("40/custom,{\"token\":\"abc\"}"))
        .isEqualTo(SocketIoPacket.connect("/custom", json("{\"token\":\"abc\"}")));
    assertThat(wire("40/random")).isEqualTo(SocketIoPacket.connect("/random", null));
    assertThat(wire("40/custom")).isEqualTo(SocketIoPacket.connect("/custom", null));
    assertThat(wire("41")).isEqualTo(SocketIoPacket.disconnect("/"));
    assertThat(wire("41/custom")).isEqualTo(SocketIoPacket.disconnect("/custom"));
  }

  @Test
  void testSuitePlainTextEvent() {
    SocketIoPacket packet = wire("42[\"message\",1,\"2\",{\"3\":[true]}]");

    assertThat(packet)
        .isEqualTo(SocketIoPacket.event("/", null, array("[\"message\",1,\"2\",{\"3\":[true]}]")));
    assertThat(packet.type()).isEqualTo(SocketIoPacketType.EVENT);
    assertThat(wire("42[\"message\",\"message to main namespace\"]").data().get(1).textValue())
        .isEqualTo("message to main namespace");
  }

  @Test
  void testSuiteEventWithAttachments() {
    assertThat(
            wire(
                "452-[\"message\",{\"_placeholder\":true,\"num\":0},"
                    + "{\"_placeholder\":true,\"num\":1}]"))
        .isNull();
    assertThat(decoder.isReassembling()).isTrue();
    assertThat(wire(new byte[] {1, 2, 3})).isNull();
    SocketIoPacket packet = wire(new byte[] {4, 5, 6});

    assertThat(decoder.isReassembling()).isFalse();
    assertThat(packet.type()).isEqualTo(SocketIoPacketType.BINARY_EVENT);
    assertThat(packet.namespace()).isEqualTo("/");
    assertThat(packet.id()).isNull();
    assertThat(packet.data()).isEqualTo(array("[\"message\"]").add(bin(1, 2, 3)).add(bin(4, 5, 6)));
    assertThat(SocketIoEncoder.encode(packet).text())
        .isEqualTo(
            "52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
  }

  @Test
  void testSuiteEventWithAck() {
    SocketIoPacket packet = wire("42456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

    assertThat(packet)
        .isEqualTo(
            SocketIoPacket.event(
                "/", 456L, array("[\"message-with-ack\",1,\"2\",{\"3\":[false]}]")));
    assertThat(
            "4"
                + SocketIoEncoder.encode(
                        SocketIoPacket.ack("/", 456, array("[1,\"2\",{\"3\":[false]}]")))
                    .text())
        .isEqualTo("43456[1,\"2\",{\"3\":[false]}]");
  }

  @Test
  void testSuiteEventWithAttachmentsAndAck() {
    assertThat(
            wire(
                "452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},"
                    + "{\"_placeholder\":true,\"num\":1}]"))
        .isNull();
    assertThat(wire(new byte[] {1, 2, 3})).isNull();
    SocketIoPacket packet = wire(new byte[] {4, 5, 6});

    assertThat(packet)
        .isEqualTo(
            SocketIoPacket.event(
                "/", 789L, array("[\"message-with-ack\"]").add(bin(1, 2, 3)).add(bin(4, 5, 6))));
    SocketIoEncoder.Encoded answer =
        SocketIoEncoder.encode(
            SocketIoPacket.ack("/", 789, array("[]").add(bin(1, 2, 3)).add(bin(4, 5, 6))));
    assertThat("4" + answer.text())
        .isEqualTo("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    assertThat(answer.attachments()).containsExactly(new byte[] {1, 2, 3}, new byte[] {4, 5, 6});
  }

  @Test
  void testSuiteUnknownPacketType() {
    assertInvalid(() -> wire("4abc"));
  }

  @Test
  void testSuiteInvalidPayloadFormat() {
    assertInvalid(() -> wire("42{}"));
  }

  @Test
  void testSuiteInvalidAckId() {
    assertInvalid(() -> wire("42abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]"));
  }

  // --- packet types -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {"", "abc", "7", "8[\"a\"]", "9", "-1", " 2[\"a\"]", "/admin,", "٢[\"a\"]"})
  void unknownTypeIsInvalid(String text) {
    assertInvalidText(text);
  }

  @Test
  void packetTypeOutOfRangeIsInvalid() {
    assertInvalid(() -> SocketIoPacketType.of(7));
    assertInvalid(() -> SocketIoPacketType.of(-1));
  }

  // --- payload validity per type ----------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0[]",
        "0\"text\"",
        "0null",
        "01[]",
        "0/admin,[\"a\"]",
        "1{}",
        "1/admin,{}",
        "1[]",
        "1null",
        "2",
        "2/admin,",
        "2{}",
        "2[]",
        "2\"foo\"",
        "2null",
        "2[null]",
        "2[[\"a\"]]",
        "2[{\"a\":1}]",
        "2[true]",
        "2/admin[\"a\"]",
        "3",
        "312",
        "3{}",
        "3\"a\"",
        "3null",
        "4",
        "4[]",
        "4null",
        "41",
        "4true",
        "50-",
        "50-{}",
        "50-[]",
        "60-",
        "60-{}"
      })
  void payloadOfTheWrongShapeIsInvalid(String text) {
    assertInvalidText(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "connect",
        "connect_error",
        "disconnect",
        "disconnecting",
        "newListener",
        "removeListener"
      })
  void reservedEventNamesAreInvalid(String name) {
    assertInvalidText("2[\"" + name + "\"]");
    assertInvalidText("2/admin,5[\"" + name + "\",1]");
    assertInvalidText("51-[\"" + name + "\",{\"_placeholder\":true,\"num\":0}]");
  }

  @Test
  void nearlyReservedNamesAreEvents() {
    for (String name : new String[] {"Connect", "connect ", "message", "error", "newlistener"}) {
      assertThat(decoder.decodeText("2[\"" + name + "\"]").data().get(0).textValue())
          .isEqualTo(name);
    }
  }

  @Test
  void eventNamedByANumberIsAccepted() {
    assertThat(decoder.decodeText("2[1.5,\"a\"]").data().get(0).decimalValue())
        .isEqualTo(new BigDecimal("1.5"));
    assertThat(decoder.decodeText("2[-7]").data().get(0).intValue()).isEqualTo(-7);
  }

  @Test
  void connectErrorTakesAStringOrAnObject() {
    assertThat(decoder.decodeText("4\"nope\"").data().textValue()).isEqualTo("nope");
    assertThat(decoder.decodeText("4/admin,{\"message\":\"nope\",\"data\":[1]}").namespace())
        .isEqualTo("/admin");
  }

  @Test
  void ackMayBeEmptyAndHaveNoId() {
    assertThat(decoder.decodeText("3[]"))
        .isEqualTo(new SocketIoPacket(SocketIoPacketType.ACK, "/", null, array("[]")));
    assertThat(decoder.decodeText("30[]").id()).isZero();
  }

  // --- namespaces and ack ids -------------------------------------------------------------------

  @Test
  void namespaceEndsAtTheFirstComma() {
    SocketIoPacket packet = decoder.decodeText("2/a/b-c_d.e,17[\"x\",\"y,z\"]");

    assertThat(packet.namespace()).isEqualTo("/a/b-c_d.e");
    assertThat(packet.id()).isEqualTo(17L);
    assertThat(packet.data()).isEqualTo(array("[\"x\",\"y,z\"]"));
    assertThat(decoder.decodeText("2/,[\"x\"]").namespace()).isEqualTo("/");
    assertThat(decoder.decodeText("1/chat").namespace()).isEqualTo("/chat");
  }

  @Test
  void ackIdUpToTwoToTheFiftyThreeMinusOne() {
    assertThat(decoder.decodeText("29007199254740991[\"a\"]").id()).isEqualTo(9007199254740991L);
    assertThat(decoder.decodeText("2007[\"a\"]").id()).isEqualTo(7L);
    assertInvalidText("29007199254740992[\"a\"]");
    assertInvalidText("29223372036854775807[\"a\"]");
    assertInvalidText("29223372036854775808[\"a\"]");
    assertInvalidText("2" + "9".repeat(400) + "[\"a\"]");
    assertInvalidText("3/admin,99999999999999999999[]");
  }

  // --- JSON strictness --------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2[\"a\"",
        "2[\"a\"]x",
        "2[\"a\"] [\"b\"]",
        "2[\"a\"]]",
        "2[\"a\",{\"k\":1,\"k\":2}]",
        "2['a']",
        "2[\"a\",NaN]",
        "2[\"a\",01]",
        "2[\"a\",]",
        "2[\"a\"] // comment",
        "2 ",
        "2[\"a\",\"\u0001\"]",
        "0{\"a\":1,\"a\":1}",
        "2x[\"a\"]",
        "2-1[\"a\"]"
      })
  void malformedJsonIsInvalid(String text) {
    assertInvalidText(text);
  }

  @Test
  void nestingDeeperThanSixtyFourIsInvalid() {
    // The event array is level 1: 63 more arrays inside reach the limit of 64.
    String ok = "2[\"a\"," + "[".repeat(63) + "]".repeat(63) + "]";
    assertThat(decoder.decodeText(ok).data().size()).isEqualTo(2);

    assertInvalidText("2[\"a\"," + "[".repeat(64) + "]".repeat(64) + "]");
    assertInvalidText("2[\"a\"," + "{\"k\":".repeat(100) + "1" + "}".repeat(100) + "]");
    assertInvalidText("2[\"a\"," + "[".repeat(100_000) + "]".repeat(100_000) + "]");
  }

  @Test
  void numbersStayExact() {
    JsonNode data =
        decoder.decodeText("2[\"a\",1.10,123456789012345678901234567890,1e400,0.1]").data();

    assertThat(data.get(1).decimalValue()).isEqualTo(new BigDecimal("1.10"));
    assertThat(data.get(2).bigIntegerValue().toString())
        .isEqualTo("123456789012345678901234567890");
    assertThat(data.get(3).decimalValue()).isEqualTo(new BigDecimal("1e400"));
    assertThat(data.get(4).decimalValue()).isEqualTo(new BigDecimal("0.1"));
  }

  // --- attachments ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "5",
        "5-[\"a\"]",
        "5[\"a\"]",
        "51[\"a\"]",
        "51",
        "5a-[\"a\"]",
        "5 1-[\"a\"]",
        "5+1-[\"a\"]",
        "5-1-[\"a\"]",
        "51.0-[\"a\"]",
        "6-[]",
        "6/admin,[]",
        "511-[\"a\"]",
        "599999999999999999999999999-[\"a\"]",
        "51-",
        "61-"
      })
  void malformedAttachmentCountIsInvalid(String text) {
    assertInvalidText(text);
  }

  @Test
  void attachmentLimitComesFromTheOptions() {
    String ten = "510-[\"a\"" + ",{\"_placeholder\":true,\"num\":9}]";
    assertThat(decoder.decodeText(ten)).isNull();
    for (int i = 0; i < 9; i++) {
      assertThat(decoder.decodeBinary(new byte[] {(byte) i})).isNull();
    }
    assertThat(decoder.decodeBinary(new byte[] {9}).data().get(1)).isEqualTo(bin(9));

    decoder = new SocketIoDecoder(new SocketIoLimits(2));
    assertInvalidText("53-[\"a\"]");
    assertThat(decoder.decodeText("502-[\"a\"]")).isNull();

    decoder = new SocketIoDecoder(new SocketIoLimits(0));
    assertInvalidText("51-[\"a\"]");
    assertThat(decoder.decodeText("50-[\"a\"]")).isNotNull();
    assertThatThrownBy(() -> new SocketIoLimits(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(SocketIoLimits.DEFAULTS.maxAttachments()).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "51-[\"a\",{\"_placeholder\":true,\"num\":1}]",
        "51-[\"a\",{\"_placeholder\":true,\"num\":-1}]",
        "51-[\"a\",{\"_placeholder\":true,\"num\":0.5}]",
        "51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]",
        "51-[\"a\",{\"_placeholder\":true,\"num\":null}]",
        "51-[\"a\",{\"_placeholder\":true}]",
        "51-[\"a\",{\"_placeholder\":true,\"num\":4294967296}]",
        "51-[\"a\",{\"_placeholder\":true,\"num\":1e999}]",
        "52-[\"a\",{\"x\":[{\"_placeholder\":true,\"num\":2}]}]",
        "50-[\"a\",{\"_placeholder\":true,\"num\":0}]",
        "61-3[{\"_placeholder\":true,\"num\":1}]",
        "51-[{\"_placeholder\":true,\"num\":0}]",
        "51-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]",
        "62-1[{\"_placeholder\":true,\"num\":1},[{\"_placeholder\":true,\"num\":1}]]"
      })
  void placeholderOutOfRangeIsInvalid(String text) {
    assertInvalidText(text);
  }

  @Test
  void integralPlaceholderNumbersAreAccepted() {
    assertThat(decoder.decodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0.0}]")).isNull();
    assertThat(decoder.decodeBinary(new byte[] {5}).data().get(1)).isEqualTo(bin(5));
  }

  @Test
  void objectsThatAreNotPlaceholdersStayObjects() {
    String args =
        "[\"a\",{\"_placeholder\":false,\"num\":0},{\"_placeholder\":\"true\",\"num\":0},"
            + "{\"_placeholder\":1,\"num\":0},{\"num\":0},{\"_placeholder\":true,\"num\":0}]";
    assertThat(decoder.decodeText("51-" + args)).isNull();
    SocketIoPacket packet = decoder.decodeBinary(new byte[] {1});

    JsonNode expected = array(args);
    ((com.fasterxml.jackson.databind.node.ArrayNode) expected).set(5, bin(1));
    assertThat(packet.data()).isEqualTo(expected);
    // In a plain EVENT placeholders are not replaced, as in Node.
    assertThat(decoder.decodeText("2[\"a\",{\"_placeholder\":true,\"num\":0}]").data().get(1))
        .isEqualTo(json("{\"_placeholder\":true,\"num\":0}"));
  }

  @Test
  void binaryPacketWithZeroAttachmentsCompletesAtOnce() {
    SocketIoPacket packet = decoder.decodeText("50-[\"a\",1]");

    assertThat(packet.type()).isEqualTo(SocketIoPacketType.BINARY_EVENT);
    assertThat(packet.data()).isEqualTo(array("[\"a\",1]"));
    assertThat(decoder.isReassembling()).isFalse();
    assertThat(decoder.decodeText("60-/x,4[]").type()).isEqualTo(SocketIoPacketType.BINARY_ACK);
    assertThat(decoder.decodeText("2[\"next\"]")).isNotNull();
  }

  @Test
  void fewerPlaceholdersThanAttachmentsWaitsForAllOfThem() {
    assertThat(decoder.decodeText("53-/a,[\"x\",{\"_placeholder\":true,\"num\":1}]")).isNull();
    assertThat(decoder.decodeBinary(new byte[] {1})).isNull();
    assertThat(decoder.decodeBinary(new byte[] {2})).isNull();
    SocketIoPacket packet = decoder.decodeBinary(new byte[] {3});

    assertThat(packet.data()).isEqualTo(array("[\"x\"]").add(bin(2)));
    assertThat(packet.namespace()).isEqualTo("/a");
  }

  @Test
  void binaryWithNothingPendingIsInvalid() {
    assertInvalid(() -> decoder.decodeBinary(new byte[] {1}));
    assertThat(decoder.decodeText("2[\"a\"]")).isNotNull();
    assertInvalid(() -> decoder.decodeBinary(new byte[] {1}));
    decoder.decodeText("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
    assertThat(decoder.decodeBinary(new byte[] {1})).isNotNull();
    assertInvalid(() -> decoder.decodeBinary(new byte[] {2}));
  }

  @Test
  void textWhileReassemblingIsInvalidAndDropsThePacket() {
    assertThat(decoder.decodeText("52-[\"a\",{\"_placeholder\":true,\"num\":0}]")).isNull();
    assertThat(decoder.decodeBinary(new byte[] {1})).isNull();

    assertInvalid(() -> decoder.decodeText("2[\"b\"]"));

    assertThat(decoder.isReassembling()).isFalse();
    assertInvalid(() -> decoder.decodeBinary(new byte[] {2}));
    assertThat(decoder.decodeText("2[\"c\"]").data()).isEqualTo(array("[\"c\"]"));
  }

  @Test
  void decoderHandlesPacketsOneAfterAnother() {
    for (int round = 0; round < 3; round++) {
      assertThat(decoder.decodeText("61-" + round + "[{\"_placeholder\":true,\"num\":0}]"))
          .isNull();
      SocketIoPacket packet = decoder.decodeBinary(new byte[] {(byte) round});
      assertThat(packet).isEqualTo(SocketIoPacket.ack("/", round, array("[]").add(bin(round))));
      assertThat(decoder.decodeText("2[\"plain\"," + round + "]").id()).isNull();
    }
  }

  @Test
  void attachmentsBecomeBinaryNodes() {
    decoder.decodeText("51-[\"a\",{\"k\":{\"_placeholder\":true,\"num\":0}}]");
    JsonNode value = decoder.decodeBinary(new byte[] {1, 2}).data().get(1).get("k");

    assertThat(value).isInstanceOf(BinaryNode.class);
    assertThat(value.isBinary()).isTrue();
  }
}
