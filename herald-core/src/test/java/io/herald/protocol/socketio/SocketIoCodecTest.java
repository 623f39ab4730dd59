package io.herald.protocol.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.protocol.Json;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of the Socket.IO v5 specification ("Packet encoding", "Sample session"), encoded and
 * decoded byte for byte, and encode → decode round trips.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SocketIoCodecTest {
  private final SocketIoDecoder decoder = new SocketIoDecoder(SocketIoLimits.DEFAULTS);

  static JsonNode json(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static ArrayNode array(String json) {
    return (ArrayNode) json(json);
  }

  static BinaryNode bin(int... bytes) {
    byte[] data = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      data[i] = (byte) bytes[i];
    }
    return BinaryNode.valueOf(data);
  }

  /** Asserts {@code packet} encodes to exactly {@code text} (no attachments) and back. */
  private void assertText(SocketIoPacket packet, String text) {
    SocketIoEncoder.Encoded encoded = SocketIoEncoder.encode(packet);
    assertThat(encoded.text()).isEqualTo(text);
    assertThat(encoded.attachments()).isEmpty();
    assertThat(decoder.decodeText(text)).isEqualTo(packet);
    assertThat(decoder.isReassembling()).isFalse();
  }

  /** Asserts {@code packet} encodes to {@code text} plus {@code attachments} and back. */
  private void assertBinary(SocketIoPacket packet, String text, byte[]... attachments) {
    SocketIoEncoder.Encoded encoded = SocketIoEncoder.encode(packet);
    assertThat(encoded.text()).isEqualTo(text);
    assertThat(encoded.attachments()).containsExactly(attachments);

    assertThat(decoder.decodeText(text)).isNull();
    assertThat(decoder.isReassembling()).isTrue();
    for (int i = 0; i < attachments.length - 1; i++) {
      assertThat(decoder.decodeBinary(attachments[i])).isNull();
      assertThat(decoder.isReassembling()).isTrue();
    }
    assertThat(decoder.decodeBinary(attachments[attachments.length - 1])).isEqualTo(packet);
    assertThat(decoder.isReassembling()).isFalse();
  }

  // --- spec: connection to a namespace ----------------------------------------------------------

  @Test
  void connectToMainNamespace() {
    assertText(SocketIoPacket.connect("/", null), "0");
  }

  @Test
  void connectToCustomNamespaceWithSid() {
    assertText(
        SocketIoPacket.connect("/admin", json("{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}")),
        "0/admin,{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}");
  }

  @Test
  void connectWithAuthPayload() {
    assertText(
        SocketIoPacket.connect("/admin", json("{\"token\":\"123\"}")),
        "0/admin,{\"token\":\"123\"}");
  }

  @Test
  void connectionRefused() {
    assertText(
        SocketIoPacket.connectError("/", json("{\"message\":\"Not authorized\"}")),
        "4{\"message\":\"Not authorized\"}");
  }

  // --- spec: sending and receiving data ---------------------------------------------------------

  @Test
  void eventOnMainNamespace() {
    assertText(SocketIoPacket.event("/", null, array("[\"foo\"]")), "2[\"foo\"]");
  }

  @Test
  void eventOnCustomNamespace() {
    assertText(SocketIoPacket.event("/admin", null, array("[\"bar\"]")), "2/admin,[\"bar\"]");
  }

  @Test
  void eventWithBinary() {
    ArrayNode args = array("[\"baz\"]").add(bin(1, 2, 3, 4));
    SocketIoPacket packet = SocketIoPacket.event("/", null, args);

    assertThat(packet.type()).isEqualTo(SocketIoPacketType.BINARY_EVENT);
    assertBinary(packet, "51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", new byte[] {1, 2, 3, 4});
  }

  @Test
  void eventWithTwoAttachmentsOnCustomNamespace() {
    ArrayNode args = array("[\"baz\"]").add(bin(1, 2)).add(bin(3, 4));

    assertBinary(
        SocketIoPacket.event("/admin", null, args),
        "52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]",
        new byte[] {1, 2},
        new byte[] {3, 4});
  }

  // --- spec: acknowledgement --------------------------------------------------------------------

  @Test
  void eventWithAckId() {
    assertText(SocketIoPacket.event("/", 12L, array("[\"foo\"]")), "212[\"foo\"]");
  }

  @Test
  void emptyAck() {
    assertText(SocketIoPacket.ack("/", 12, array("[]")), "312[]");
  }

  @Test
  void ackOnCustomNamespace() {
    assertText(SocketIoPacket.ack("/admin", 13, array("[\"bar\"]")), "3/admin,13[\"bar\"]");
  }

  @Test
  void binaryEventWithAckId() {
    ArrayNode args = array("[\"foo\"]").add(bin(1, 2, 3, 4));

    assertBinary(
        SocketIoPacket.event("/", 14L, args),
        "51-14[\"foo\",{\"_placeholder\":true,\"num\":0}]",
        new byte[] {1, 2, 3, 4});
  }

  @Test
  void binaryAck() {
    ArrayNode args = array("[\"bar\"]").add(bin(1, 2, 3, 4));
    SocketIoPacket packet = SocketIoPacket.ack("/", 15, args);

    assertThat(packet.type()).isEqualTo(SocketIoPacketType.BINARY_ACK);
    assertBinary(
        packet, "61-15[\"bar\",{\"_placeholder\":true,\"num\":0}]", new byte[] {1, 2, 3, 4});
  }

  // --- spec: disconnection ----------------------------------------------------------------------

  @Test
  void disconnectFromMainNamespace() {
    assertText(SocketIoPacket.disconnect("/"), "1");
  }

  @Test
  void disconnectFromCustomNamespace() {
    assertText(SocketIoPacket.disconnect("/admin"), "1/admin,");
  }

  // --- spec: sample session ---------------------------------------------------------------------

  @Test
  void sampleSession() {
    assertText(
        SocketIoPacket.connect("/", json("{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}")),
        "0{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");
    assertText(SocketIoPacket.event("/", null, array("[\"hey\",\"Jude\"]")), "2[\"hey\",\"Jude\"]");
    assertText(SocketIoPacket.connect("/admin", null), "0/admin,");
    assertText(
        SocketIoPacket.connect("/admin", json("{\"sid\":\"-G5j-67EZFp-q59rADQM\"}")),
        "0/admin,{\"sid\":\"-G5j-67EZFp-q59rADQM\"}");
    assertText(SocketIoPacket.event("/admin", 1L, array("[\"tellme\"]")), "2/admin,1[\"tellme\"]");
    assertBinary(
        SocketIoPacket.ack("/admin", 1, array("[]").add(bin(7))),
        "61-/admin,1[{\"_placeholder\":true,\"num\":0}]",
        new byte[] {7});
    assertText(
        SocketIoPacket.connectError("/random", json("{\"message\":\"Invalid namespace\"}")),
        "4/random,{\"message\":\"Invalid namespace\"}");
  }

  @Test
  void connectErrorMayBeAString() {
    assertText(SocketIoPacket.connectError("/", json("\"Not authorized\"")), "4\"Not authorized\"");
  }

  @Test
  void eventNamedByANumber() {
    assertText(SocketIoPacket.event("/", null, array("[42,\"a\"]")), "2[42,\"a\"]");
  }

  // --- round trips ------------------------------------------------------------------------------

  @Test
  void nestedBinariesRoundTrip() {
    ObjectNode file1 = Json.MAPPER.createObjectNode().put("name", "a.png");
    file1.set("data", bin(1, 2, 3));
    ObjectNode file2 = Json.MAPPER.createObjectNode().put("name", "b.png");
    file2.set("data", bin());
    ObjectNode upload = Json.MAPPER.createObjectNode();
    upload.putArray("files").add(file1).add(file2);
    upload.putObject("meta").put("n", 2).set("thumb", bin(255, 0));
    ArrayNode args = array("[\"upload\"]").add(upload).add(bin(9)).add("tail");
    args.addArray().addArray().add(bin(4, 5));
    String before = args.toString();

    SocketIoPacket packet = SocketIoPacket.event("/media", 7L, args);

    assertBinary(
        packet,
        "55-/media,7[\"upload\",{\"files\":[{\"name\":\"a.png\",\"data\":"
            + "{\"_placeholder\":true,\"num\":0}},{\"name\":\"b.png\",\"data\":"
            + "{\"_placeholder\":true,\"num\":1}}],\"meta\":{\"n\":2,\"thumb\":"
            + "{\"_placeholder\":true,\"num\":2}}},{\"_placeholder\":true,\"num\":3},\"tail\","
            + "[[{\"_placeholder\":true,\"num\":4}]]]",
        new byte[] {1, 2, 3},
        new byte[0],
        new byte[] {(byte) 255, 0},
        new byte[] {9},
        new byte[] {4, 5});
    assertThat(args.toString()).as("encoding leaves the packet alone").isEqualTo(before);
  }

  @Test
  void nestedBinaryAckRoundTrip() {
    ObjectNode result = Json.MAPPER.createObjectNode().put("ok", true);
    result.putArray("chunks").add(bin(1)).add(json("{\"x\":null}")).add(bin(2));

    assertBinary(
        SocketIoPacket.ack("/", 9007199254740991L, array("[]").add(result)),
        "62-9007199254740991[{\"ok\":true,\"chunks\":[{\"_placeholder\":true,\"num\":0},"
            + "{\"x\":null},{\"_placeholder\":true,\"num\":1}]}]",
        new byte[] {1},
        new byte[] {2});
  }

  @Test
  void sameBinaryTwiceIsSentTwice() {
    BinaryNode shared = bin(1, 2);
    SocketIoEncoder.Encoded encoded =
        SocketIoEncoder.encode(
            SocketIoPacket.event("/", null, array("[\"a\"]").add(shared).add(shared)));

    assertThat(encoded.text())
        .isEqualTo(
            "52-[\"a\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    assertThat(encoded.attachments()).hasSize(2);
  }

  @Test
  void plainPacketsRoundTripWithExactNumbers() {
    for (String text :
        List.of(
            "2[\"message\",1,\"2\",{\"3\":[true]}]",
            "2[\"a\",1.10,-0.5,12345678901234567890123,1.5E+300,\"\\u0000\\n\\\"é😀\"]",
            "3/nsp,0[null,false,{}]",
            "2/a/b,[\"x\",{\"_placeholder\":true,\"num\":0}]",
            "0/admin,{\"token\":{\"nested\":[1,2,3]}}",
            "4/x,\"\"")) {
      SocketIoPacket packet = decoder.decodeText(text);
      assertThat(SocketIoEncoder.encode(packet).text()).as(text).isEqualTo(text);
    }
  }

  @Test
  void eventWithBinaryButPlainTypeIsSentAsBinaryEvent() {
    SocketIoPacket packet =
        new SocketIoPacket(SocketIoPacketType.EVENT, "/", null, array("[\"a\"]").add(bin(1)));

    assertThat(SocketIoEncoder.encode(packet).text())
        .isEqualTo("51-[\"a\",{\"_placeholder\":true,\"num\":0}]");
    SocketIoPacket ack =
        new SocketIoPacket(SocketIoPacketType.ACK, "/", 3L, array("[]").add(bin(1)));
    assertThat(SocketIoEncoder.encode(ack).text())
        .isEqualTo("61-3[{\"_placeholder\":true,\"num\":0}]");
  }

  @Test
  void binaryTypeWithoutBinariesHasZeroAttachments() {
    SocketIoPacket packet =
        new SocketIoPacket(SocketIoPacketType.BINARY_EVENT, "/", null, array("[\"a\"]"));

    assertText(packet, "50-[\"a\"]");
  }

  @Test
  void binaryOutsideEventsCannotBeEncoded() {
    ObjectNode auth = Json.MAPPER.createObjectNode();
    auth.set("key", bin(1));

    assertThatThrownBy(() -> SocketIoEncoder.encode(SocketIoPacket.connect("/", auth)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketIoEncoder.encode(SocketIoPacket.connectError("/", auth)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- packet invariants ------------------------------------------------------------------------

  @Test
  void packetTypesAreTheNumbersZeroToSix() {
    for (int code = 0; code <= 6; code++) {
      assertThat(SocketIoPacketType.of(code).code()).isEqualTo(code);
    }
    assertThat(SocketIoPacketType.of(5)).isEqualTo(SocketIoPacketType.BINARY_EVENT);
  }

  @Test
  void packetRejectsWhatCannotBeSent() {
    ArrayNode args = array("[\"a\"]");
    assertThatThrownBy(() -> SocketIoPacket.event("admin", null, args))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketIoPacket.event("/a,b", null, args))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketIoPacket.event("/", -1L, args))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketIoPacket.ack("/", 9007199254740992L, args))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketIoPacket.event("/", null, array("[]")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketIoPacket.event("/", null, array("[\"disconnect\"]")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketIoPacket.connect("/", array("[]")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SocketIoPacket.connectError("/", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new SocketIoPacket(SocketIoPacketType.DISCONNECT, "/", null, json("{}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonNullPayloadMeansNoPayload() {
    assertThat(SocketIoPacket.connect("/", json("null")).data()).isNull();
    assertThat(SocketIoEncoder.encode(SocketIoPacket.connect("/", json("null"))).text())
        .isEqualTo("0");
  }

  @Test
  void encodedAttachmentsAreUnmodifiable() {
    SocketIoEncoder.Encoded encoded =
        SocketIoEncoder.encode(SocketIoPacket.event("/", null, array("[\"a\"]").add(bin(1))));

    assertThatThrownBy(() -> encoded.attachments().add(new byte[0]))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
