package io.herald.server.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A configured credential (the publish API key), compared in constant time and never shown.
 * Immutable; {@link #matches} may be called from any thread.
 */
public final class Secret {
  private final byte[] value;

  public Secret(String value) {
    this.value = value.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code presented} is this secret. {@link MessageDigest#isEqual} takes the same time
   * wherever the first difference lies, so the time taken does not reveal how much of a guess was
   * right.
   */
  public boolean matches(String presented) {
    byte[] bytes = presented == null ? new byte[0] : presented.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(bytes, value);
  }

  @Override
  public String toString() {
    return "Secret[***]";
  }
}
