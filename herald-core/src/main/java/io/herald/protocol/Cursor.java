package io.herald.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The positions of the channels of one SSE stream or poll request, in the order the request names
 * them, written as their offsets joined with {@code ;} (an empty element is "no position"). With
 * one channel a cursor is exactly that channel's offset. Immutable.
 */
public final class Cursor {
  private final Offset[] positions;

  private Cursor(Offset[] positions) {
    this.positions = positions;
  }

  /** A cursor with the given positions; {@code null} elements mean "no position". */
  public static Cursor of(List<Offset> positions) {
    return new Cursor(positions.toArray(new Offset[0]));
  }

  /** A cursor with no position for each of {@code channels} channels. */
  public static Cursor empty(int channels) {
    return new Cursor(new Offset[channels]);
  }

  /**
   * Parses a cursor for a request naming {@code channels} channels.
   *
   * @throws ProtocolException with {@link ErrorCode#INVALID_OFFSET} when an element is not an
   *     offset or the number of elements differs from the number of channels
   */
  public static Cursor parse(String text, int channels) {
    if (text == null || text.isEmpty()) {
      return empty(channels);
    }
    String[] parts = text.split(";", -1);
    if (parts.length != channels) {
      throw new ProtocolException(
          ErrorCode.INVALID_OFFSET,
          "cursor has "
              + parts.length
              + " position(s) but the request names "
              + channels
              + " channel(s)");
    }
    Offset[] positions = new Offset[channels];
    for (int i = 0; i < channels; i++) {
      positions[i] = parts[i].isEmpty() ? null : Offset.parse(parts[i]);
    }
    return new Cursor(positions);
  }

  /** The position of the channel at {@code index}, or {@code null}. */
  public Offset get(int index) {
    return positions[index];
  }

  public int size() {
    return positions.length;
  }

  public List<Offset> positions() {
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(positions)));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < positions.length; i++) {
      if (i > 0) {
        out.append(';');
      }
      if (positions[i] != null) {
        out.append(positions[i]);
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cursor other && Arrays.equals(positions, other.positions);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(positions);
  }
}
