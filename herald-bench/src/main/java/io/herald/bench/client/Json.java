package io.herald.bench.client;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Just enough JSON reading for the load generator's hot path: the {@code type} of a server frame
 * and one integer field, found by scanning bytes, never by building strings. Server frames are
 * objects that begin with their {@code type} field (docs/protocol.md); a frame that does not is
 * read the slow way.
 */
public final class Json {
  private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

  private Json() {}

  /** The frame's {@code type} value, e.g. {@code message}; {@code ""} when there is none. */
  public static String type(ByteBuf buf, int index, int length) {
    int from;
    if (startsWith(buf, index, length, TYPE_PREFIX)) {
      from = index + TYPE_PREFIX.length;
    } else {
      int at =
          indexOf(buf, index, index + length, "\"type\":\"".getBytes(StandardCharsets.US_ASCII));
      if (at < 0) {
        return "";
      }
      from = at + 8;
    }
    int end = from;
    while (end < index + length && buf.getByte(end) != '"') {
      end++;
    }
    return buf.toString(from, end - from, StandardCharsets.US_ASCII);
  }

  /** Whether this is a {@code message} frame; the hot-path test, a few byte compares. */
  public static boolean isMessage(ByteBuf buf, int index, int length) {
    int at = index + TYPE_PREFIX.length;
    if (startsWith(buf, index, length, TYPE_PREFIX) && length > TYPE_PREFIX.length + 8) {
      // "message" followed by the closing quote.
      return buf.getByte(at) == 'm'
          && buf.getByte(at + 1) == 'e'
          && buf.getByte(at + 7) == '"'
          && buf.getByte(at + 2) == 's';
    }
    return type(buf, index, length).equals("message");
  }

  /**
   * The non-negative integer right after {@code key} (which ends with its colon, e.g. {@code
   * {"t":}), or -1 when the key is absent or not followed by digits.
   */
  public static long longAfter(ByteBuf buf, int index, int length, byte[] key) {
    int at = indexOf(buf, index, index + length, key);
    if (at < 0) {
      return -1;
    }
    int i = at + key.length;
    int end = index + length;
    long value = 0;
    int digits = 0;
    while (i < end) {
      byte b = buf.getByte(i);
      if (b < '0' || b > '9' || digits == 18) {
        break;
      }
      value = value * 10 + (b - '0');
      digits++;
      i++;
    }
    return digits == 0 ? -1 : value;
  }

  /** The whole frame as a string, for diagnostics. */
  public static String text(ByteBuf buf, int index, int length) {
    return buf.toString(index, Math.min(length, 300), StandardCharsets.UTF_8);
  }

  static boolean startsWith(ByteBuf buf, int index, int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf.getByte(index + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  static int indexOf(ByteBuf buf, int from, int to, byte[] needle) {
    // ByteBuf.indexOf(byte) scans several bytes per step; verify each candidate it finds.
    int last = to - needle.length;
    int i = from;
    while (i <= last) {
      i = buf.indexOf(i, last + 1, needle[0]);
      if (i < 0) {
        return -1;
      }
      int j = 1;
      while (j < needle.length && buf.getByte(i + j) == needle[j]) {
        j++;
      }
      if (j == needle.length) {
        return i;
      }
      i++;
    }
    return -1;
  }
}
