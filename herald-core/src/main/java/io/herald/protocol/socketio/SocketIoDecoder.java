package io.herald.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Json;
import io.herald.protocol.Names;
import io.herald.protocol.ProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes the Socket.IO v5 packets of one connection, following the rules of Node's {@code
 * socket.io-parser}: text packets {@code <type>[<attachments>-][<namespace>,][<ack id>][<JSON>]},
 * and the binary attachments that follow a BINARY_EVENT or BINARY_ACK, which replace its {@code
 * {"_placeholder":true,"num":N}} objects.
 *
 * <p>Stateful per connection and not thread-safe. {@link #decodeText} returns the packet, or {@code
 * null} when it waits for attachments; {@link #decodeBinary} returns the packet once its last
 * attachment arrived, else {@code null}. Malformed input always ends in a {@link ProtocolException}
 * with {@link ErrorCode#INVALID_PACKET}, after which the connection should be closed; the decoder
 * drops any packet it was reassembling.
 *
 * <p>Differences from Node, all stricter: an empty text is an error (Node reads it as CONNECT); the
 * attachment count must be digits; ack ids above 2^53 - 1 are errors; EVENT, ACK and CONNECT_ERROR
 * need a payload; placeholders are checked as soon as the text arrives, also when no attachment is
 * announced, and no attachment may be named by two placeholders; JSON is read with {@link
 * Json#MAPPER} (duplicate keys and nesting beyond 64 are errors, numbers stay exact).
 */
public final class SocketIoDecoder {
  private final SocketIoLimits limits;
  private Pending pending;

  public SocketIoDecoder(SocketIoLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Decodes a text packet (the text of an Engine.IO message).
   *
   * @return the packet, or {@code null} when it is binary and waits for its attachments
   * @throws ProtocolException when the text is malformed, or while a packet awaits attachments
   */
  public SocketIoPacket decodeText(String text) {
    Objects.requireNonNull(text, "text");
    if (pending != null) {
      pending = null;
      throw invalid("got a text packet while waiting for binary attachments");
    }
    if (text.isEmpty()) {
      throw invalid("empty Socket.IO packet");
    }
    char first = text.charAt(0);
    if (!isDigit(first)) {
      throw invalid(
          "unknown Socket.IO packet type '" + Names.printable(String.valueOf(first), 1) + "'");
    }
    SocketIoPacketType type = SocketIoPacketType.of(first - '0');
    int length = text.length();
    int pos = 1;

    int attachments = 0;
    if (type.isBinary()) {
      int start = pos;
      long count = 0;
      while (pos < length && isDigit(text.charAt(pos))) {
        if (count <= limits.maxAttachments()) {
          count = count * 10 + (text.charAt(pos) - '0');
        }
        pos++;
      }
      if (pos == start || pos == length || text.charAt(pos) != '-') {
        throw invalid("illegal attachments: expected digits followed by '-'");
      }
      if (count > limits.maxAttachments()) {
        throw invalid("too many attachments (at most " + limits.maxAttachments() + ")");
      }
      attachments = (int) count;
      pos++;
    }

    String namespace = SocketIoPacket.MAIN_NAMESPACE;
    if (pos < length && text.charAt(pos) == '/') {
      int comma = text.indexOf(',', pos);
      int end = comma < 0 ? length : comma;
      namespace = text.substring(pos, end);
      pos = comma < 0 ? length : comma + 1;
    }

    Long id = null;
    if (pos < length && isDigit(text.charAt(pos))) {
      long value = 0;
      while (pos < length && isDigit(text.charAt(pos))) {
        int digit = text.charAt(pos) - '0';
        if (value > (SocketIoPacket.MAX_ID - digit) / 10) {
          throw invalid("ack id out of range (at most 2^53-1)");
        }
        value = value * 10 + digit;
        pos++;
      }
      id = value;
    }

    JsonNode data = pos < length ? parse(text.substring(pos)) : null;
    String problem = SocketIoPacket.payloadProblem(type, data);
    if (problem != null) {
      throw invalid(problem);
    }
    if (type.isBinary()) {
      checkPlaceholders(data, new boolean[attachments]);
    }
    SocketIoPacket packet = new SocketIoPacket(type, namespace, id, data);
    if (type.isBinary() && attachments > 0) {
      pending = new Pending(packet, attachments);
      return null;
    }
    return packet;
  }

  /**
   * Takes the next binary attachment of the packet being reassembled. The decoder keeps {@code
   * attachment} (no copy): the caller hands it over.
   *
   * @return the packet once this was its last attachment, else {@code null}
   * @throws ProtocolException when no packet awaits attachments
   */
  public SocketIoPacket decodeBinary(byte[] attachment) {
    Objects.requireNonNull(attachment, "attachment");
    if (pending == null) {
      throw invalid("got binary frames without a placeholder packet");
    }
    pending.buffers.add(attachment);
    if (pending.buffers.size() < pending.expected) {
      return null;
    }
    Pending done = pending;
    pending = null;
    SocketIoPacket packet = done.packet;
    JsonNode data = reconstruct(packet.data(), done.buffers);
    return new SocketIoPacket(packet.type(), packet.namespace(), packet.id(), data);
  }

  /** Whether a binary packet waits for more attachments. */
  public boolean isReassembling() {
    return pending != null;
  }

  private static JsonNode parse(String json) {
    JsonNode node;
    try {
      node = Json.readTree(json);
    } catch (IOException e) {
      throw invalid("malformed JSON payload");
    }
    if (node == null || node.isMissingNode()) {
      throw invalid("malformed JSON payload");
    }
    return node;
  }

  /** Node's placeholder test: an object whose {@code _placeholder} is {@code true}. */
  private static boolean isPlaceholder(JsonNode node) {
    return node instanceof ObjectNode object && object.path("_placeholder").booleanValue();
  }

  /**
   * Checks that each placeholder names an announced attachment, and no attachment twice: one
   * attachment named N times would be N copies once the packet is sent on, a way to multiply memory
   * past the size limits.
   */
  private static void checkPlaceholders(JsonNode node, boolean[] named) {
    if (isPlaceholder(node)) {
      JsonNode num = node.get("num");
      boolean valid =
          num != null
              && num.isNumber()
              && num.canConvertToExactIntegral()
              && num.canConvertToInt()
              && num.intValue() >= 0
              && num.intValue() < named.length;
      if (!valid) {
        throw invalid("illegal attachments: placeholder num must be in [0, " + named.length + ")");
      }
      if (named[num.intValue()]) {
        throw invalid("illegal attachments: attachment " + num.intValue() + " is named twice");
      }
      named[num.intValue()] = true;
    } else if (node != null && node.isContainerNode()) {
      for (JsonNode child : node) {
        checkPlaceholders(child, named);
      }
    }
  }

  /** Replaces, in place, each placeholder in {@code node} by its attachment (already checked). */
  private static JsonNode reconstruct(JsonNode node, List<byte[]> buffers) {
    if (isPlaceholder(node)) {
      return BinaryNode.valueOf(buffers.get(node.get("num").intValue()));
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        JsonNode replaced = reconstruct(child, buffers);
        if (replaced != child) {
          array.set(i, replaced);
        }
      }
    } else if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        JsonNode replaced = reconstruct(field.getValue(), buffers);
        if (replaced != field.getValue()) {
          field.setValue(replaced);
        }
      }
    }
    return node;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static ProtocolException invalid(String message) {
    return new ProtocolException(ErrorCode.INVALID_PACKET, message);
  }

  /** A binary packet (its placeholders still in place) and the attachments received so far. */
  private static final class Pending {
    final SocketIoPacket packet;
    final int expected;
    final List<byte[]> buffers;

    Pending(SocketIoPacket packet, int expected) {
      this.packet = packet;
      this.expected = expected;
      this.buffers = new ArrayList<>(expected);
    }
  }
}
