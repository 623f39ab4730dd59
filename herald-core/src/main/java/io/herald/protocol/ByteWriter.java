package io.herald.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array for assembling encoded frames. Not thread-safe; one per encoding. */
final class ByteWriter {
  private byte[] buf;
  private int len;

  ByteWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  ByteWriter ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
    return this;
  }

  ByteWriter utf8(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  ByteWriter bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  ByteWriter number(long n) {
    return ascii(Long.toString(n));
  }

  ByteWriter jsonString(String s) {
    return bytes(Json.quote(s));
  }

  int length() {
    return len;
  }

  byte[] toBytes() {
    return len == buf.length ? buf : Arrays.copyOf(buf, len);
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
