package io.herald.core;

/**
 * A thread (or serial executor) that delivers events to a group of subscribers, typically one Netty
 * event loop. Batching per lane is what lets a transport write one event to many connections and
 * flush each once.
 */
public interface DeliveryLane {
  /**
   * Hands an event to this lane for {@code subscribers} (all of which use this lane). Called from
   * any thread while the publisher holds the channel's order: must not block, only enqueue. The
   * lane calls each subscriber's {@link Subscriber#deliver} on its own thread, then {@link
   * Fanout#release()} once.
   */
  void deliver(Fanout fanout, Subscriber[] subscribers);
}
