package io.herald.server.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A channel pattern of a {@link io.herald.server.ChannelRule}: literal text, {@code *} for any run
 * of characters (the empty one included), and {@code {sub}} for the connection's own user id. It
 * matches a whole channel name. Immutable; safe from any thread.
 */
final class ChannelPattern {
  private static final String SUB = "{sub}";

  /** The literal pieces between the stars, each possibly holding {@code {sub}}. */
  private final String[] pieces;

  private final boolean usesSub;

  private ChannelPattern(String[] pieces, boolean usesSub) {
    this.pieces = pieces;
    this.usesSub = usesSub;
  }

  /**
   * @throws IllegalArgumentException for an empty pattern or a brace that is not part of {@code
   *     {sub}}
   */
  static ChannelPattern parse(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("a channel rule's pattern must not be empty");
    }
    String rest = pattern.replace(SUB, "");
    if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "pattern '" + pattern + "': braces are reserved for {sub}, the user's own id");
    }
    return new ChannelPattern(pattern.split("\\*", -1), pattern.contains(SUB));
  }

  /**
   * Whether {@code channel} matches for a connection of {@code userId}. A pattern with {@code
   * {sub}} never matches an anonymous connection, nor a user id holding {@code :}: channel names
   * are segmented by {@code :}, so user {@code bob}'s {@code user:{sub}:*} would cover user {@code
   * bob:x}'s {@code user:{sub}}.
   */
  boolean matches(String channel, String userId) {
    if (!usesSub) {
      return glob(pieces, channel);
    }
    if (userId == null || userId.isEmpty() || userId.indexOf(':') >= 0) {
      return false;
    }
    List<String> own = new ArrayList<>(pieces.length);
    for (String piece : pieces) {
      own.add(piece.replace(SUB, userId));
    }
    return glob(own.toArray(String[]::new), channel);
  }

  /**
   * Glob matching of {@code pieces} joined by stars: the name starts with the first piece, ends
   * with the last, and holds the others in order between them. Taking each middle piece at its
   * leftmost place is never worse than a later one, so one pass decides.
   */
  private static boolean glob(String[] pieces, String name) {
    if (pieces.length == 1) {
      return name.equals(pieces[0]);
    }
    String first = pieces[0];
    String last = pieces[pieces.length - 1];
    if (name.length() < first.length() + last.length()
        || !name.startsWith(first)
        || !name.endsWith(last)) {
      return false;
    }
    int from = first.length();
    int end = name.length() - last.length();
    for (int i = 1; i < pieces.length - 1; i++) {
      int at = name.indexOf(pieces[i], from);
      if (at < 0 || at + pieces[i].length() > end) {
        return false;
      }
      from = at + pieces[i].length();
    }
    return true;
  }
}
