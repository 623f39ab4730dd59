package io.herald.protocol;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;

/** The one Jackson configuration every Herald codec reads and writes JSON with. */
public final class Json {
  /**
   * Strict reading: one value per document (trailing tokens are an error), duplicate keys are an
   * error, nesting at most 64 deep. Numbers pass through exactly as sent ({@code 1.10} stays {@code
   * 1.10}, {@code 1e400} stays a number), since Herald relays data it does not own. Thread-safe.
   */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private static final byte[] NULL_LITERAL = {'n', 'u', 'l', 'l'};

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private Json() {}

  /**
   * Reads one JSON document from UTF-8 bytes with {@link #MAPPER}. Use this (or the other {@code
   * readTree} methods), not {@code MAPPER.readTree}: Jackson reports a number whose exponent lies
   * beyond {@link java.math.BigDecimal}'s range ({@code 1e9999999999}) as a {@link
   * NumberFormatException}, which these methods turn into the {@link IOException} every other
   * malformed input gives. Any thread may call them.
   *
   * @return the tree, or a missing node when the input holds no value
   * @throws IOException when the input is not exactly one JSON value within the limits
   */
  public static JsonNode readTree(byte[] bytes, int offset, int length) throws IOException {
    try {
      return MAPPER.readTree(bytes, offset, length);
    } catch (NumberFormatException e) {
      throw numberOutOfRange(e);
    }
  }

  /** {@link #readTree(byte[], int, int)} for text. */
  public static JsonNode readTree(String text) throws IOException {
    try {
      return MAPPER.readTree(text);
    } catch (NumberFormatException e) {
      throw numberOutOfRange(e);
    }
  }

  /** {@link #readTree(byte[], int, int)} for a stream; the caller closes it. */
  public static JsonNode readTree(InputStream in) throws IOException {
    try {
      return MAPPER.readTree(in);
    } catch (NumberFormatException e) {
      throw numberOutOfRange(e);
    }
  }

  private static IOException numberOutOfRange(NumberFormatException e) {
    return new JsonParseException(null, "number out of range: " + e.getMessage(), e);
  }

  /** {@code s} as a quoted, escaped JSON string in UTF-8, or the literal {@code null}. */
  public static byte[] quote(String s) {
    if (s == null) {
      return NULL_LITERAL.clone();
    }
    byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] out = new byte[escaped.length + 2];
    out[0] = '"';
    System.arraycopy(escaped, 0, out, 1, escaped.length);
    out[out.length - 1] = '"';
    return out;
  }
}
