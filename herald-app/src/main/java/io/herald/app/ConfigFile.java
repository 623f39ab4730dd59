package io.herald.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.server.HeraldConfig;
import io.herald.server.socketio.CookieOptions;
import io.herald.server.socketio.SocketIoOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a JSON configuration file over {@link AppConfig#DEFAULTS}: the sections of {@link
 * HeraldConfig} and {@code socketio} for {@link SocketIoOptions}. Every section and field is
 * optional, unknown ones are errors (so a typo never passes silently). See docs/configuration.md.
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
      Map.of(SOCKET_IO + ".engine.cookie", CookieOptions.DEFAULTS);

  private ConfigFile() {}

  /**
   * @throws IllegalArgumentException with a message naming the problem (file and field)
   */
  static AppConfig load(Path file) {
    JsonNode overrides;
    try {
      overrides = MAPPER.readTree(Files.readString(file));
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
      // A record constructor's own check (e.g. a port out of range) arrives as the cause.
      String message =
          e.getCause() instanceof IllegalArgumentException invalid
              ? invalid.getMessage()
              : e.getOriginalMessage();
      throw new IllegalArgumentException(source + ": " + message, e);
    }
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
