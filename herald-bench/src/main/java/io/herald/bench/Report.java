package io.herald.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results block a benchmark prints at the end: aligned {@code name value} lines for people,
 * then one {@code RESULT} line of {@code key=value} pairs for scripts.
 */
final class Report {
  private final String title;
  private final List<String[]> lines = new ArrayList<>();
  private final Map<String, String> values = new LinkedHashMap<>();

  Report(String title) {
    this.title = title;
  }

  Report line(String name, String value) {
    lines.add(new String[] {name, value});
    return this;
  }

  Report value(String key, Object value) {
    values.put(key, String.valueOf(value));
    return this;
  }

  void print() {
    StringBuilder out = new StringBuilder();
    out.append("==== ").append(title).append(" ====\n");
    for (String[] line : lines) {
      out.append(String.format(Locale.ROOT, "%-22s %s%n", line[0], line[1]));
    }
    out.append("RESULT");
    values.forEach((k, v) -> out.append(' ').append(k).append('=').append(v));
    out.append('\n');
    System.out.print(out);
    System.out.flush();
  }

  static String count(double value) {
    return String.format(Locale.ROOT, "%,.0f", value);
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String bytes(double value) {
    return String.format(Locale.ROOT, "%,.0f B", value);
  }
}
