package io.herald.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One event on its way to the subscribers of a channel: the event plus its encodings, each made at
 * most once whichever lane asks first, and shared by every subscriber of that format.
 * Reference-counted: it starts with one reference per lane; each lane releases its reference when
 * done, and a subscriber that keeps the fanout beyond its {@code deliver} call retains it.
 * Encodings are released with the last reference. Thread-safe.
 */
public final class Fanout {
  /** How many distinct {@link WireFormat}s a process may define. */
  public static final int MAX_FORMATS = 16;

  private static final Object NOT_CARRIED = new Object();

  private final ChannelEvent event;
  private final AtomicInteger refs;
  private final AtomicReferenceArray<Object> encodings = new AtomicReferenceArray<>(MAX_FORMATS);

  /** A fanout holding {@code references} references (one per lane it is handed to). */
  public Fanout(ChannelEvent event, int references) {
    this.event = event;
    this.refs = new AtomicInteger(references);
  }

  public ChannelEvent event() {
    return event;
  }

  /**
   * The event encoded in {@code format}, encoding it now if no lane has yet; {@code null} if the
   * format does not carry this kind of event. The result is owned by the fanout: writers take their
   * own reference to it (e.g. a retained duplicate) and never release it themselves.
   */
  @SuppressWarnings("unchecked")
  public <T> T encoded(WireFormat<T> format) {
    // Read without locking on the hot path (once per subscriber); lock only to encode, so that
    // lanes asking at the same moment still encode once.
    Object current = encodings.get(format.slot);
    if (current == null) {
      synchronized (this) {
        current = encodings.get(format.slot);
        if (current == null) {
          T fresh = format.encode(event);
          current = fresh == null ? NOT_CARRIED : fresh;
          encodings.set(format.slot, current);
        }
      }
    }
    return current == NOT_CARRIED ? null : (T) current;
  }

  /** Takes one more reference; pair with {@link #release()}. */
  public Fanout retain() {
    if (refs.getAndIncrement() <= 0) {
      refs.decrementAndGet();
      throw new IllegalStateException("fanout already released");
    }
    return this;
  }

  /** Drops one reference; the last one releases every encoding. */
  public void release() {
    int left = refs.decrementAndGet();
    if (left == 0) {
      for (int slot = 0; slot < MAX_FORMATS; slot++) {
        Object encoded = encodings.getAndSet(slot, null);
        if (encoded != null && encoded != NOT_CARRIED) {
          WireFormat.inSlot(slot).releaseUnchecked(encoded);
        }
      }
    } else if (left < 0) {
      throw new IllegalStateException("fanout released too often");
    }
  }
}
