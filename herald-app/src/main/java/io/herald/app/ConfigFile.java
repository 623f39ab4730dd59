package io.herald.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.server.HeraldConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads a JSON configuration file over {@link HeraldConfig#DEFAULTS}: every section and field is
 * optional, unknown ones are errors (so a typo never passes silently). See docs/configuration.md.
 */
final class ConfigFile {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(Durations.module())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private ConfigFile() {}

  /**
   * @throws IllegalArgumentException with a message naming the problem (file and field)
   */
  static HeraldConfig load(Path file) {
    JsonNode overrides;
    try {
      overrides = MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return apply(HeraldConfig.DEFAULTS, overrides, file.toString());
  }

  /** Applies the JSON {@code overrides} to {@code base}. */
  static HeraldConfig apply(HeraldConfig base, JsonNode overrides, String source) {
    if (overrides == null || !overrides.isObject()) {
      throw new IllegalArgumentException(source + ": the configuration must be a JSON object");
    }
    ObjectNode merged = MAPPER.valueToTree(base);
    merge(merged, (ObjectNode) overrides, "", source);
    try {
      return MAPPER.treeToValue(merged, HeraldConfig.class);
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
