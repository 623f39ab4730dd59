package io.herald.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The wire formats of the test suite. Each takes one of the {@link Fanout#MAX_FORMATS} global
 * slots, so they are created once here and shared; their bookkeeping is per event (by identity), so
 * tests using distinct events do not see each other's counts.
 */
final class TestFormats {
  /** Encodes every event. */
  static final CountingFormat COUNTING = new CountingFormat(false);

  /** Encodes messages only; presence changes are "not carried" ({@code null}). */
  static final CountingFormat MESSAGES_ONLY = new CountingFormat(true);

  private TestFormats() {}

  /** One encoding; {@code serial} tells encodings of the same event apart. */
  record Encoded(ChannelEvent event, long serial) {}

  static final class CountingFormat extends WireFormat<Encoded> {
    private final boolean messagesOnly;
    private final AtomicLong serials = new AtomicLong();
    private final Map<ChannelEvent, AtomicInteger> encodes =
        Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<ChannelEvent, List<Encoded>> releases =
        Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<ChannelEvent, CountDownLatch> gates =
        Collections.synchronizedMap(new IdentityHashMap<>());

    private CountingFormat(boolean messagesOnly) {
      this.messagesOnly = messagesOnly;
    }

    /**
     * Makes every encode of {@code event} count {@code gate} down and then wait (up to {@code
     * maxWaitMillis}) for it to reach zero, so that concurrent encodes can be detected.
     */
    void gate(ChannelEvent event, CountDownLatch gate) {
      gates.put(event, gate);
    }

    int encodes(ChannelEvent event) {
      AtomicInteger count = encodes.get(event);
      return count == null ? 0 : count.get();
    }

    List<Encoded> releases(ChannelEvent event) {
      synchronized (releases) {
        List<Encoded> list = releases.get(event);
        return list == null ? List.of() : List.copyOf(list);
      }
    }

    @Override
    protected Encoded encode(ChannelEvent event) {
      encodes.computeIfAbsent(event, e -> new AtomicInteger()).incrementAndGet();
      CountDownLatch gate = gates.get(event);
      if (gate != null) {
        gate.countDown();
        try {
          gate.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (messagesOnly && !(event instanceof Message)) {
        return null;
      }
      return new Encoded(event, serials.incrementAndGet());
    }

    @Override
    protected void release(Encoded encoded) {
      synchronized (releases) {
        releases.computeIfAbsent(encoded.event(), e -> new ArrayList<>()).add(encoded);
      }
    }
  }
}
