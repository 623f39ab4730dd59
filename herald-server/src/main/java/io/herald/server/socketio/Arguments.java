package io.herald.server.socketio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import io.herald.protocol.Json;
import io.herald.protocol.JsonData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of a Socket.IO event or acknowledgement: JSON values, binary ones as byte arrays.
 * Immutable.
 */
public final class Arguments {
  private static final Arguments EMPTY = new Arguments(Json.MAPPER.createArrayNode());

  private final ArrayNode values;

  private Arguments(ArrayNode values) {
    this.values = values;
  }

  /** Arguments from a JSON array whose binary values are {@link BinaryNode}s (a copy is kept). */
  public static Arguments of(ArrayNode values) {
    return new Arguments(values.deepCopy());
  }

  /**
   * Arguments from Java values: a {@code byte[]} becomes binary, a {@link JsonNode} or {@link
   * JsonData} is taken as JSON, anything else is written by Jackson.
   */
  public static Arguments from(Object... args) {
    if (args.length == 0) {
      return EMPTY;
    }
    ArrayNode values = Json.MAPPER.createArrayNode();
    for (Object arg : args) {
      values.add(toJson(arg));
    }
    return new Arguments(values);
  }

  static JsonNode toJson(Object arg) {
    return switch (arg) {
      case null -> Json.MAPPER.nullNode();
      case byte[] bytes -> BinaryNode.valueOf(bytes.clone());
      case JsonNode node -> node.deepCopy();
      case JsonData data -> data.toTree();
      case Arguments nested -> nested.values.deepCopy();
      default -> Json.MAPPER.valueToTree(arg);
    };
  }

  public int size() {
    return values.size();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The argument at {@code index} as JSON (binary as a {@link BinaryNode}); a copy. */
  public JsonNode get(int index) {
    return values.get(index).deepCopy();
  }

  /** The argument at {@code index} as text ({@code null} for JSON null). */
  public String text(int index) {
    JsonNode value = values.get(index);
    return value.isNull() ? null : value.isTextual() ? value.textValue() : value.toString();
  }

  /** The binary argument at {@code index}. */
  public byte[] bytes(int index) {
    JsonNode value = values.get(index);
    if (!value.isBinary()) {
      throw new IllegalArgumentException("argument " + index + " is not binary");
    }
    try {
      return value.binaryValue().clone();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The argument at {@code index} bound to {@code type} with Jackson.
   *
   * @throws IllegalArgumentException if it does not fit
   */
  public <T> T as(int index, Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(values.get(index), type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "argument " + index + " is not a valid " + type.getSimpleName(), e);
    }
  }

  /** All arguments as a JSON array (a copy). */
  public ArrayNode toJson() {
    return values.deepCopy();
  }

  /**
   * The arguments as values {@link #from} takes back unchanged, e.g. to echo them: {@code
   * socket.emit("echo", args.toArray())}.
   */
  public Object[] toArray() {
    Object[] array = new Object[values.size()];
    for (int i = 0; i < array.length; i++) {
      array[i] = values.get(i).deepCopy();
    }
    return array;
  }

  /** The arguments as JSON values, in order. */
  public List<JsonNode> toList() {
    List<JsonNode> list = new ArrayList<>(values.size());
    values.forEach(value -> list.add(value.deepCopy()));
    return List.copyOf(list);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Arguments other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
