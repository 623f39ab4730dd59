package io.herald.protocol;

/**
 * Validation of channel and event names. Both exclude control characters, {@code "} and {@code \},
 * so that a valid name can be written into JSON and SSE without escaping and can never break a line
 * of an event stream.
 */
public final class Names {
  /** Event names starting with this prefix are reserved for events the server itself sends. */
  public static final String RESERVED_EVENT_PREFIX = "herald.";

  private Names() {}

  /**
   * Checks a channel name.
   *
   * @throws ProtocolException with {@link ErrorCode#INVALID_CHANNEL}
   */
  public static String channel(String name, int maxLength) {
    String problem = problem(name, maxLength);
    if (problem != null) {
      throw new ProtocolException(ErrorCode.INVALID_CHANNEL, "channel name " + problem);
    }
    return name;
  }

  /**
   * Checks an event name a client or application publishes.
   *
   * @throws ProtocolException with {@link ErrorCode#INVALID_EVENT}
   */
  public static String event(String name, int maxLength) {
    String problem = problem(name, maxLength);
    if (problem == null && name.startsWith(RESERVED_EVENT_PREFIX)) {
      problem = "must not start with '" + RESERVED_EVENT_PREFIX + "' (reserved)";
    }
    if (problem != null) {
      throw new ProtocolException(ErrorCode.INVALID_EVENT, "event name " + problem);
    }
    return name;
  }

  private static String problem(String name, int maxLength) {
    if (name == null || name.isEmpty()) {
      return "must not be empty";
    }
    if (name.length() > maxLength) {
      return "must be at most " + maxLength + " characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (isControl(c)) {
        return "must not contain control characters";
      }
      if (c == '"' || c == '\\') {
        return "must not contain '" + c + "'";
      }
    }
    return null;
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /** A short, log- and message-safe rendering of untrusted text. */
  public static String printable(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 3);
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = text.charAt(i);
      out.append(isControl(c) ? '?' : c);
    }
    if (text.length() > max) {
      out.append("...");
    }
    return out.toString();
  }
}
