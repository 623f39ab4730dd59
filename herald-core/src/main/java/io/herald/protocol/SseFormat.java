package io.herald.protocol;

/**
 * Encodes Server-Sent Events text (WHATWG HTML §9.2.6 "Interpreting an event stream"). Every output
 * is complete lines; an event ends with a blank line, which is what makes the browser dispatch it.
 * Pure functions returning UTF-8.
 */
public final class SseFormat {
  /** The comment sent to keep idle streams open through proxies. */
  public static final String KEEPALIVE = ": keepalive\n\n";

  private SseFormat() {}

  /**
   * One event. {@code id} and {@code event} may be {@code null} to omit the field. Line breaks in
   * {@code data} start new {@code data:} lines, as the format requires.
   *
   * @throws IllegalArgumentException if {@code id} or {@code event} contains a line break (it would
   *     end the field early and let the rest be read as other fields)
   */
  public static byte[] event(String id, String event, byte[] data) {
    ByteWriter out = new ByteWriter(data.length + 64);
    if (id != null) {
      out.ascii("id: ").utf8(singleLine("id", id)).ascii("\n");
    }
    if (event != null) {
      out.ascii("event: ").utf8(singleLine("event", event)).ascii("\n");
    }
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      boolean end = i == data.length;
      if (end || data[i] == '\n' || data[i] == '\r') {
        out.ascii("data: ");
        byte[] line = new byte[i - start];
        System.arraycopy(data, start, line, 0, line.length);
        out.bytes(line).ascii("\n");
        if (!end && data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    return out.ascii("\n").toBytes();
  }

  /** A {@code retry:} field telling the browser how long to wait before reconnecting. */
  public static byte[] retry(long millis) {
    return new ByteWriter(24).ascii("retry: ").number(millis).ascii("\n\n").toBytes();
  }

  private static String singleLine(String field, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(field + " must not contain a line break or NUL");
    }
    return value;
  }
}
