package io.herald.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One way of encoding a channel event for the wire (a WebSocket frame, an SSE event, …). A {@link
 * Fanout} encodes each format at most once per event, however many subscribers use it, and releases
 * the encoding when the last lane is done.
 *
 * <p>Formats are process-wide singletons ({@code static final}); there are at most {@link
 * Fanout#MAX_FORMATS} of them.
 *
 * @param <T> the encoded form, e.g. a Netty buffer
 */
public abstract class WireFormat<T> {
  private static final AtomicInteger NEXT_SLOT = new AtomicInteger();
  private static final WireFormat<?>[] ALL = new WireFormat<?>[Fanout.MAX_FORMATS];

  final int slot;

  protected WireFormat() {
    slot = NEXT_SLOT.getAndIncrement();
    if (slot >= Fanout.MAX_FORMATS) {
      throw new IllegalStateException("at most " + Fanout.MAX_FORMATS + " wire formats");
    }
    ALL[slot] = this;
  }

  static WireFormat<?> inSlot(int slot) {
    return ALL[slot];
  }

  /**
   * Encodes an event, or returns {@code null} if this format does not carry that kind of event.
   * Called on a lane's thread; must not block.
   */
  protected abstract T encode(ChannelEvent event);

  /** Frees an encoding made by {@link #encode}; called once per encoding. */
  protected void release(T encoded) {}

  @SuppressWarnings("unchecked")
  final void releaseUnchecked(Object encoded) {
    release((T) encoded);
  }
}
