package io.herald.protocol;

/**
 * A position in a channel's history, written {@code epoch:seq}. {@code seq} rises by one per
 * message (the first message of an epoch is 1; {@code epoch:0} is an empty channel) and {@code
 * epoch} changes whenever history is lost, so that a gap is never mistaken for continuity.
 *
 * @param epoch 1–16 characters from {@code [A-Za-z0-9]}
 * @param seq a non-negative sequence number
 */
public record Offset(String epoch, long seq) {
  /** Longest accepted epoch. */
  public static final int MAX_EPOCH_LENGTH = 16;

  public Offset {
    if (!isValidEpoch(epoch)) {
      throw new IllegalArgumentException("invalid epoch: " + epoch);
    }
    if (seq < 0) {
      throw new IllegalArgumentException("negative seq: " + seq);
    }
  }

  /**
   * Parses {@code epoch:seq}.
   *
   * @throws ProtocolException with {@link ErrorCode#INVALID_OFFSET} if the text is malformed
   */
  public static Offset parse(String text) {
    if (text == null || text.length() > MAX_EPOCH_LENGTH + 20) {
      throw invalid(text);
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw invalid(text);
    }
    String epoch = text.substring(0, colon);
    if (!isValidEpoch(epoch)) {
      throw invalid(text);
    }
    long seq = 0;
    for (int i = colon + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9' || seq > (Long.MAX_VALUE - (c - '0')) / 10) {
        throw invalid(text);
      }
      seq = seq * 10 + (c - '0');
    }
    return new Offset(epoch, seq);
  }

  /** True when {@code other} is in the same epoch and not after this offset. */
  public boolean covers(Offset other) {
    return epoch.equals(other.epoch) && other.seq <= seq;
  }

  @Override
  public String toString() {
    return epoch + ':' + seq;
  }

  static boolean isValidEpoch(String epoch) {
    if (epoch == null || epoch.isEmpty() || epoch.length() > MAX_EPOCH_LENGTH) {
      return false;
    }
    for (int i = 0; i < epoch.length(); i++) {
      char c = epoch.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static ProtocolException invalid(String text) {
    String shown = text == null ? "nothing" : "'" + Names.printable(text, 40) + "'";
    return new ProtocolException(
        ErrorCode.INVALID_OFFSET, "offset must look like EPOCH:SEQ, got " + shown);
  }
}
