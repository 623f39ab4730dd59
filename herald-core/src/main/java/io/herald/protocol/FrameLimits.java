package io.herald.protocol;

/**
 * Limits a decoder enforces on untrusted input.
 *
 * @param maxChannelNameLength longest channel name, in characters (default 200)
 * @param maxEventNameLength longest event name, in characters (default 128)
 * @param maxInfoBytes largest presence {@code info} object, serialised (default 1024)
 */
public record FrameLimits(int maxChannelNameLength, int maxEventNameLength, int maxInfoBytes) {
  public static final FrameLimits DEFAULTS = new FrameLimits(200, 128, 1024);

  public FrameLimits {
    if (maxChannelNameLength < 1 || maxEventNameLength < 1 || maxInfoBytes < 2) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
