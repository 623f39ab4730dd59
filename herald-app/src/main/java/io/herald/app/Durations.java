package io.herald.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in a configuration file: {@code "250ms"}, {@code "25s"}, {@code
 * "5m"}, {@code "1h"}, or a plain number of milliseconds.
 */
final class Durations {
  private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  static Duration parse(String text) {
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write e.g. 250ms, 25s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** Writes durations as milliseconds and reads both forms. */
  static SimpleModule module() {
    SimpleModule module = new SimpleModule("herald-durations");
    module.addSerializer(
        Duration.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Duration value, JsonGenerator out, SerializerProvider provider)
              throws IOException {
            out.writeNumber(value.toMillis());
          }
        });
    module.addDeserializer(
        Duration.class,
        new JsonDeserializer<>() {
          @Override
          public Duration deserialize(JsonParser in, DeserializationContext context)
              throws IOException {
            if (in.currentToken().isNumeric()) {
              return Duration.ofMillis(in.getLongValue());
            }
            try {
              return parse(in.getValueAsString(""));
            } catch (IllegalArgumentException e) {
              throw context.weirdStringException(in.getText(), Duration.class, e.getMessage());
            }
          }
        });
    return module;
  }
}
