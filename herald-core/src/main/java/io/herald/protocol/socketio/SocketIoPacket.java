package io.herald.protocol.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import io.herald.protocol.Names;
import java.util.List;
import java.util.Objects;

/**
 * A Socket.IO v5 packet (docs/socket.io-protocol/v5-current.md of socketio/socket.io). Payloads are
 * Jackson trees; binary values inside them are {@link BinaryNode}s. The packet holds {@code data}
 * as given, not a copy: do not modify the tree afterwards.
 *
 * <p>The constructor checks the payload's shape for the type, as the Node decoder does, and throws
 * {@link IllegalArgumentException} when it is wrong. A JSON {@code null} (or missing node) payload
 * is stored as {@code null}, "no payload". An {@link SocketIoPacketType#EVENT} or {@link
 * SocketIoPacketType#ACK} whose data holds binary values is sent as {@link
 * SocketIoPacketType#BINARY_EVENT} or {@link SocketIoPacketType#BINARY_ACK} (as Node does); the
 * factories {@link #event} and {@link #ack} pick the binary type themselves.
 *
 * @param type the packet type
 * @param namespace {@code "/"} or {@code "/name"}; never contains {@code ,}
 * @param id ack id in [0, 2^53 - 1], or {@code null}
 * @param data the payload: CONNECT → object or null; DISCONNECT → null; EVENT/ACK and their BINARY_
 *     forms → array (binary values as {@link BinaryNode}), non-empty for events, starting with the
 *     event name (a string not in {@link #RESERVED_EVENTS}) or a number; CONNECT_ERROR → object or
 *     text
 */
public record SocketIoPacket(SocketIoPacketType type, String namespace, Long id, JsonNode data) {
  /** The main namespace, left out of encoded packets. */
  public static final String MAIN_NAMESPACE = "/";

  /** The largest ack id: 2^53 - 1, the largest integer a JavaScript number holds exactly. */
  public static final long MAX_ID = (1L << 53) - 1;

  /** Event names with a special meaning in Socket.IO and Node, which no event may carry. */
  public static final List<String> RESERVED_EVENTS =
      List.of(
          "connect",
          "connect_error",
          "disconnect",
          "disconnecting",
          "newListener",
          "removeListener");

  public SocketIoPacket {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
    if (!namespace.startsWith(MAIN_NAMESPACE) || namespace.indexOf(',') >= 0) {
      throw new IllegalArgumentException(
          "namespace must start with '/' and not contain ',': " + namespace);
    }
    if (id != null && (id < 0 || id > MAX_ID)) {
      throw new IllegalArgumentException("ack id must be between 0 and 2^53-1: " + id);
    }
    if (data != null && (data.isNull() || data.isMissingNode())) {
      data = null;
    }
    String problem = payloadProblem(type, data);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** An {@link SocketIoPacketType#EVENT}, or a BINARY_EVENT when {@code args} hold binary data. */
  public static SocketIoPacket event(String namespace, Long id, ArrayNode args) {
    SocketIoPacketType type =
        containsBinary(args) ? SocketIoPacketType.BINARY_EVENT : SocketIoPacketType.EVENT;
    return new SocketIoPacket(type, namespace, id, args);
  }

  /** An {@link SocketIoPacketType#ACK}, or a BINARY_ACK when {@code args} hold binary data. */
  public static SocketIoPacket ack(String namespace, long id, ArrayNode args) {
    SocketIoPacketType type =
        containsBinary(args) ? SocketIoPacketType.BINARY_ACK : SocketIoPacketType.ACK;
    return new SocketIoPacket(type, namespace, id, args);
  }

  /** A {@link SocketIoPacketType#CONNECT}; {@code data} is an object or {@code null}. */
  public static SocketIoPacket connect(String namespace, JsonNode data) {
    return new SocketIoPacket(SocketIoPacketType.CONNECT, namespace, null, data);
  }

  /** A {@link SocketIoPacketType#CONNECT_ERROR}; {@code data} is an object or a text. */
  public static SocketIoPacket connectError(String namespace, JsonNode data) {
    return new SocketIoPacket(SocketIoPacketType.CONNECT_ERROR, namespace, null, data);
  }

  /** A {@link SocketIoPacketType#DISCONNECT}. */
  public static SocketIoPacket disconnect(String namespace) {
    return new SocketIoPacket(SocketIoPacketType.DISCONNECT, namespace, null, null);
  }

  /**
   * What is wrong with {@code data} as the payload of a {@code type} packet, or {@code null} when
   * nothing is. {@code null} data means no payload; a {@code NullNode} is the JSON value null.
   */
  static String payloadProblem(SocketIoPacketType type, JsonNode data) {
    return switch (type) {
      case CONNECT -> data == null || data.isObject() ? null : "CONNECT payload must be an object";
      case DISCONNECT -> data == null ? null : "DISCONNECT packet must not carry a payload";
      case CONNECT_ERROR ->
          data != null && (data.isObject() || data.isTextual())
              ? null
              : "CONNECT_ERROR payload must be an object or a string";
      case ACK, BINARY_ACK ->
          data != null && data.isArray() ? null : "ACK payload must be an array";
      case EVENT, BINARY_EVENT -> eventProblem(data);
    };
  }

  private static String eventProblem(JsonNode data) {
    if (data == null || !data.isArray() || data.isEmpty()) {
      return "EVENT payload must be a non-empty array";
    }
    JsonNode name = data.get(0);
    if (name.isNumber()) {
      return null;
    }
    if (!name.isTextual()) {
      return "EVENT payload must start with the event name";
    }
    if (RESERVED_EVENTS.contains(name.textValue())) {
      return "'" + Names.printable(name.textValue(), 32) + "' is a reserved event name";
    }
    return null;
  }

  /** Whether {@code node} is or contains a {@link BinaryNode}. */
  static boolean containsBinary(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isBinary()) {
      return true;
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        if (containsBinary(child)) {
          return true;
        }
      }
    }
    return false;
  }
}
