package io.herald.protocol.engineio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.Json;
import io.herald.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes Engine.IO v4 packets (docs/engine.io-protocol/v4-current.md of
 * socketio/socket.io, "Packet encoding"). On WebSocket each packet is one frame: a text frame is
 * the type digit followed by the text, a binary frame is a binary message as is. On HTTP
 * long-polling a body holds one or more packets separated by the record separator {@code \x1e}, a
 * binary message written as {@code b} followed by its standard base64 (with padding).
 *
 * <p>Pure functions: any thread may call them, and malformed input always ends in a {@link
 * ProtocolException} with {@link ErrorCode#INVALID_PACKET}.
 */
public final class EngineCodec {
  /** The record separator between the packets of a long-polling body. */
  public static final char SEPARATOR = '\u001e';

  /** The prefix of a base64 binary message in a long-polling body. */
  public static final char BINARY_PREFIX = 'b';

  private EngineCodec() {}

  /**
   * Decodes a WebSocket text frame: {@code 4hello} is a {@link EnginePacketType#MESSAGE} with text
   * {@code hello}, {@code 2probe} a {@link EnginePacketType#PING} with text {@code probe}.
   *
   * @throws ProtocolException when the frame is empty or starts with no packet type (binary data
   *     comes in binary frames here; the {@code b} prefix belongs to long-polling only)
   */
  public static EnginePacket decodeFrame(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw invalid("empty Engine.IO packet");
    }
    return EnginePacket.text(EnginePacketType.of(text.charAt(0)), text.substring(1));
  }

  /** Decodes a WebSocket binary frame: a binary message holding a copy of {@code binary}. */
  public static EnginePacket decodeFrame(byte[] binary) {
    return EnginePacket.binary(binary);
  }

  /**
   * Encodes a text packet as a WebSocket text frame: its type digit followed by its text.
   *
   * @throws IllegalArgumentException for a binary packet, which goes in a binary frame as is
   */
  public static String encodeText(EnginePacket packet) {
    if (packet.isBinary()) {
      throw new IllegalArgumentException("a binary packet is sent as a binary frame");
    }
    return packet.type().code() + packet.text();
  }

  /**
   * Decodes an HTTP long-polling body into its packets, in order.
   *
   * @throws ProtocolException when the body is empty or longer than {@code
   *     limits.maxPayloadBytes()} in UTF-8, holds more than {@code limits.maxPackets()} packets, or
   *     holds an empty packet, an unknown packet type or malformed base64
   */
  public static List<EnginePacket> decodePayload(String body, EngineLimits limits) {
    Objects.requireNonNull(body, "body");
    if (body.isEmpty()) {
      throw invalid("empty Engine.IO payload");
    }
    if (body.length() > limits.maxPayloadBytes() || utf8Length(body) > limits.maxPayloadBytes()) {
      throw invalid("Engine.IO payload exceeds " + limits.maxPayloadBytes() + " bytes");
    }
    int count = 1;
    for (int i = body.indexOf(SEPARATOR); i >= 0; i = body.indexOf(SEPARATOR, i + 1)) {
      if (++count > limits.maxPackets()) {
        throw invalid("Engine.IO payload holds more than " + limits.maxPackets() + " packets");
      }
    }
    List<EnginePacket> packets = new ArrayList<>(count);
    int start = 0;
    while (true) {
      int end = body.indexOf(SEPARATOR, start);
      packets.add(decodePolled(body, start, end < 0 ? body.length() : end));
      if (end < 0) {
        return packets;
      }
      start = end + 1;
    }
  }

  /**
   * Encodes packets as an HTTP long-polling body, the inverse of {@link #decodePayload}: {@code
   * 4hello\x1ebAQIDBA==}.
   *
   * @throws IllegalArgumentException when {@code packets} is empty or a text contains the record
   *     separator (it would split the packet in two)
   */
  public static String encodePayload(List<EnginePacket> packets) {
    if (packets.isEmpty()) {
      throw new IllegalArgumentException("a payload holds at least one packet");
    }
    Base64.Encoder base64 = Base64.getEncoder();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < packets.size(); i++) {
      EnginePacket packet = packets.get(i);
      if (i > 0) {
        out.append(SEPARATOR);
      }
      if (packet.isBinary()) {
        out.append(BINARY_PREFIX).append(base64.encodeToString(packet.binary()));
      } else {
        if (packet.text().indexOf(SEPARATOR) >= 0) {
          throw new IllegalArgumentException(
              "a polled packet's text must not contain the record separator \\x1e");
        }
        out.append(packet.type().code()).append(packet.text());
      }
    }
    return out.toString();
  }

  /**
   * The {@link EnginePacketType#OPEN} packet completing a handshake, as text: {@code
   * 0{"sid":…,"upgrades":[…],"pingInterval":…,"pingTimeout":…,"maxPayload":…}}, keys in that order.
   */
  public static String encodeOpen(
      String sid, List<String> upgrades, long pingInterval, long pingTimeout, int maxPayload) {
    ObjectNode open = Json.MAPPER.createObjectNode();
    open.put("sid", Objects.requireNonNull(sid, "sid"));
    ArrayNode list = open.putArray("upgrades");
    upgrades.forEach(list::add);
    open.put("pingInterval", pingInterval);
    open.put("pingTimeout", pingTimeout);
    open.put("maxPayload", maxPayload);
    try {
      return EnginePacketType.OPEN.code() + Json.MAPPER.writeValueAsString(open);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static EnginePacket decodePolled(String body, int start, int end) {
    if (start == end) {
      throw invalid("empty packet in Engine.IO payload");
    }
    char first = body.charAt(start);
    if (first == BINARY_PREFIX) {
      return EnginePacket.binary(base64(body.substring(start + 1, end)));
    }
    return EnginePacket.text(EnginePacketType.of(first), body.substring(start + 1, end));
  }

  private static byte[] base64(String text) {
    // Java's decoder accepts missing padding; the protocol always pads, so insist on it.
    if (text.length() % 4 != 0) {
      throw invalid("malformed base64 in Engine.IO payload");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw invalid("malformed base64 in Engine.IO payload");
    }
  }

  /** The length of {@code s} in UTF-8; an unpaired surrogate counts as U+FFFD (3 bytes). */
  static long utf8Length(String s) {
    long bytes = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static ProtocolException invalid(String message) {
    return new ProtocolException(ErrorCode.INVALID_PACKET, message);
  }
}
