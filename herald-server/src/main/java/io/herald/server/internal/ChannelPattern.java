package io.herald.server.internal;

/**
 * A channel pattern of a {@link io.herald.server.ChannelRule}: literal text, {@code *} for any run
 * of characters (the empty one included), and {@code {sub}} for the connection's own user id. It
 * matches a whole channel name. Immutable; safe from any thread.
 */
final class ChannelPattern {
  private static final String SUB = "{sub}";

  /**
   * One piece of the pattern between two stars: literal text with the user id wherever {@code
   * {sub}} stood, kept as the literal runs around those places so that matching never builds the
   * substituted text.
   */
  private record Piece(String[] literals) {
    static Piece of(String text) {
      return new Piece(text.split("\\{sub\\}", -1));
    }

    /** The piece's length with {@code user} in each {@code {sub}}. */
    int length(String user) {
      int length = (literals.length - 1) * user.length();
      for (String literal : literals) {
        length += literal.length();
      }
      return length;
    }

    /**
     * Whether the piece, with {@code user} in each {@code {sub}}, stands in {@code name} at {@code
     * at}.
     */
    boolean standsAt(String name, int at, String user) {
      int position = at;
      for (int i = 0; i < literals.length; i++) {
        if (i > 0) {
          if (!name.regionMatches(position, user, 0, user.length())) {
            return false;
          }
          position += user.length();
        }
        String literal = literals[i];
        if (!name.regionMatches(position, literal, 0, literal.length())) {
          return false;
        }
        position += literal.length();
      }
      return true;
    }
  }

  /** The pieces between the stars. */
  private final Piece[] pieces;

  private final boolean usesSub;

  private ChannelPattern(Piece[] pieces, boolean usesSub) {
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
    String[] texts = pattern.split("\\*", -1);
    Piece[] pieces = new Piece[texts.length];
    for (int i = 0; i < texts.length; i++) {
      pieces[i] = Piece.of(texts[i]);
    }
    return new ChannelPattern(pieces, pattern.contains(SUB));
  }

  /**
   * Whether {@code channel} matches for a connection of {@code userId}. A pattern with {@code
   * {sub}} never matches an anonymous connection, nor a user id holding {@code :}: channel names
   * are segmented by {@code :}, so user {@code bob}'s {@code user:{sub}:*} would cover user {@code
   * bob:x}'s {@code user:{sub}}. Allocates nothing: it runs on every subscribe and client publish.
   */
  boolean matches(String channel, String userId) {
    if (!usesSub) {
      return glob(channel, "");
    }
    if (userId == null || userId.isEmpty() || userId.indexOf(':') >= 0) {
      return false;
    }
    return glob(channel, userId);
  }

  /**
   * Glob matching of the pieces joined by stars: the name starts with the first piece, ends with
   * the last, and holds the others in order between them. Taking each middle piece at its leftmost
   * place is never worse than a later one, so one pass decides.
   */
  private boolean glob(String name, String user) {
    Piece first = pieces[0];
    int firstLength = first.length(user);
    if (pieces.length == 1) {
      return name.length() == firstLength && first.standsAt(name, 0, user);
    }
    Piece last = pieces[pieces.length - 1];
    int lastLength = last.length(user);
    int end = name.length() - lastLength;
    if (end < firstLength || !first.standsAt(name, 0, user) || !last.standsAt(name, end, user)) {
      return false;
    }
    int from = firstLength;
    for (int i = 1; i < pieces.length - 1; i++) {
      Piece piece = pieces[i];
      int length = piece.length(user);
      int at = from;
      while (at + length <= end && !piece.standsAt(name, at, user)) {
        at++;
      }
      if (at + length > end) {
        return false;
      }
      from = at + length;
    }
    return true;
  }
}
