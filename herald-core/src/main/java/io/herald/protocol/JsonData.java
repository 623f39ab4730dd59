package io.herald.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value held as its compact UTF-8 serialisation (no insignificant whitespace, so never a
 * line break). Produced once when a message enters Herald and then embedded byte for byte in every
 * wire format. Immutable: {@link #bytes()} is shared and must not be modified.
 */
public final class JsonData {
  /** The JSON literal {@code null}. */
  public static final JsonData NULL = new JsonData("null".getBytes(StandardCharsets.US_ASCII));

  private static final ObjectMapper MAPPER = Json.MAPPER;

  private final byte[] bytes;

  private JsonData(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Serialises a tree compactly. */
  public static JsonData of(JsonNode node) {
    if (node == null || node instanceof NullNode) {
      return NULL;
    }
    try {
      return new JsonData(MAPPER.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Serialises any value Jackson can (records, maps, lists, strings, numbers). */
  public static JsonData fromValue(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof JsonData data) {
      return data;
    }
    try {
      return new JsonData(MAPPER.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Parses JSON text and normalises it to compact form.
   *
   * @throws ProtocolException with {@link ErrorCode#INVALID_JSON} when it is not one JSON value
   */
  public static JsonData parse(String json) {
    try {
      JsonNode node = Json.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new ProtocolException(ErrorCode.INVALID_JSON, "expected a JSON value");
      }
      return of(node);
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "malformed JSON");
    }
  }

  /** The compact UTF-8 bytes; shared, do not modify. */
  public byte[] bytes() {
    return bytes;
  }

  /** Parses these bytes back into a tree (a fresh tree per call). */
  public JsonNode toTree() {
    try {
      return MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("JsonData always holds valid JSON", e);
    }
  }

  /** Binds these bytes to a Java type with Jackson. */
  public <T> T as(Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read data as " + type.getSimpleName(), e);
    }
  }

  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JsonData other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
