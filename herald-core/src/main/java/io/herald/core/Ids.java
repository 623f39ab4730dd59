package io.herald.core;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/** Random identifiers for connections and history epochs. Thread-safe. */
public final class Ids {
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom SECURE = new SecureRandom();

  private Ids() {}

  /**
   * A connection id: 16 base-62 characters from a secure random source (95 bits), so ids of
   * different nodes do not collide and cannot be guessed.
   */
  public static String connectionId() {
    byte[] bytes = new byte[16];
    SECURE.nextBytes(bytes);
    char[] out = new char[16];
    for (int i = 0; i < 16; i++) {
      out[i] = ALPHABET[(bytes[i] & 0xff) % ALPHABET.length];
    }
    return new String(out);
  }

  /** A history epoch: 8 base-62 characters (47 bits); a new epoch never repeats the old one. */
  public static String epoch(String previous) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (true) {
      char[] out = new char[8];
      for (int i = 0; i < out.length; i++) {
        out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      String epoch = new String(out);
      if (!epoch.equals(previous)) {
        return epoch;
      }
    }
  }
}
