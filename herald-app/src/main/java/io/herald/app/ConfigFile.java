package io.herald.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.server.HeraldConfig;
import io.herald.server.JwtOptions;
import io.herald.server.socketio.CookieOptions;
import io.herald.server.socketio.SocketIoOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON configuration file over {@link AppConfig#DEFAULTS}: the sections of {@link
 * HeraldConfig} and {@code socketio} for {@link SocketIoOptions}. Every section and field is
 * optional, unknown ones are errors (so a typo never passes silently). An error names the field and
 * what it should be, never the value (which may be a key or a password). See docs/configuration.md.
 */
final class ConfigFile {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(Durations.module())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private static final String SOCKET_IO = "socketio";

  /** Sections that are {@code null} (off) by default, with the defaults they start from. */
  private static final Map<String, Object> OPTIONAL_SECTIONS =
      Map.of(
          SOCKET_IO + ".engine.cookie",
          CookieOptions.DEFAULTS,
          "jwt",
          JwtOptions.DEFAULTS,
          "tls",
          MAPPER.createObjectNode().putNull("cert").putNull("key").putNull("keyPassword"));

  private ConfigFile() {}

  /**
   * @throws IllegalArgumentException with a message naming the problem (file and field)
   */
  static AppConfig load(Path file) {
    JsonNode overrides;
    try {
      overrides = MAPPER.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      // Only the position: the parser's own message quotes the text, which may be a secret.
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException(
          file
              + ": not valid JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()),
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return apply(AppConfig.DEFAULTS, overrides, file.toString());
  }

  /** Applies the JSON {@code overrides} to {@code base}. */
  static AppConfig apply(AppConfig base, JsonNode overrides, String source) {
    if (overrides == null || !overrides.isObject()) {
      throw new IllegalArgumentException(source + ": the configuration must be a JSON object");
    }
    ObjectNode rest = ((ObjectNode) overrides).deepCopy();
    JsonNode socketIo = rest.remove(SOCKET_IO);
    if (socketIo != null && !socketIo.isObject()) {
      throw new IllegalArgumentException(source + ": '" + SOCKET_IO + "' must be an object");
    }
    return new AppConfig(
        apply(base.herald(), rest, "", HeraldConfig.class, source),
        socketIo == null
            ? base.socketIo()
            : apply(
                base.socketIo(),
                (ObjectNode) socketIo,
                SOCKET_IO + ".",
                SocketIoOptions.class,
                source));
  }

  private static <T> T apply(
      T base, ObjectNode overrides, String path, Class<T> type, String source) {
    ObjectNode merged = MAPPER.valueToTree(base);
    merge(merged, overrides, path, source);
    try {
      return MAPPER.treeToValue(merged, type);
    } catch (JsonProcessingException e) {
      String where =
          e instanceof JsonMappingException mapping ? location(path, mapping.getPath()) : "";
      if (e instanceof UnrecognizedPropertyException unknown) {
        // Inside a list (e.g. channels.rules) the merge cannot see fields; Jackson reports them.
        String name = where.isEmpty() ? path + unknown.getPropertyName() : where;
        throw new IllegalArgumentException(source + ": unknown setting '" + name + "'", e);
      }
      throw new IllegalArgumentException(source + ": " + describe(e, where), e);
    }
  }

  /** Where in the file a mapping problem is, e.g. {@code channels.rules[1].publish}. */
  private static String location(String path, List<JsonMappingException.Reference> references) {
    StringBuilder where = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        where.append(where.isEmpty() ? path : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        where.append('[').append(reference.getIndex()).append(']');
      }
    }
    return where.toString();
  }

  /**
   * What is wrong at {@code where}, by expected type. Never Jackson's own message, which quotes the
   * value: an {@code api.key} or {@code tls.keyPassword} must not reach a log or a terminal.
   */
  private static String describe(JsonProcessingException e, String where) {
    if (e.getCause() instanceof IllegalArgumentException invalid) {
      // A record constructor's own check (e.g. a port out of range); those never quote values.
      return (where.isEmpty() ? "" : where + ": ") + invalid.getMessage();
    }
    Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
    return "'" + where + "' " + expected(type);
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "has a value that cannot be used";
    }
    if (type == Duration.class) {
      return "is not a duration; write e.g. 250ms, 25s, 5m or 1h, or a number of milliseconds";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "must be a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "must be true or false";
    }
    if (type == String.class) {
      return "must be a string";
    }
    if (Path.class.isAssignableFrom(type)) {
      return "must be a file path (a string)";
    }
    return "must be " + type.getSimpleName();
  }

  private static void merge(ObjectNode target, ObjectNode overrides, String path, String source) {
    for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = path + field.getKey();
      JsonNode current = target.get(field.getKey());
      if (current == null) {
        throw new IllegalArgumentException(source + ": unknown setting '" + name + "'");
      }
      if (current.isNull() && OPTIONAL_SECTIONS.containsKey(name) && field.getValue().isObject()) {
        // An optional section that is off by default: its fields start from its defaults.
        current = MAPPER.valueToTree(OPTIONAL_SECTIONS.get(name));
        target.set(field.getKey(), current);
      }
      if (current.isObject()) {
        if (!field.getValue().isObject()) {
          throw new IllegalArgumentException(source + ": '" + name + "' must be an object");
        }
        merge((ObjectNode) current, (ObjectNode) field.getValue(), name + ".", source);
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }
}
