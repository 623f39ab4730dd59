package io.herald.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

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
