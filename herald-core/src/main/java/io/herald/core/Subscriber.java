package io.herald.core;

import io.herald.protocol.ClientInfo;

/**
 * One subscription of one receiver to one channel, as the engine sees it: where its events are
 * delivered and how it appears in presence. Transports implement it; the engine groups subscribers
 * by {@link #lane()} so that each lane receives one call per event.
 */
public interface Subscriber {
  /** The lane that delivers to this subscriber; must not change. */
  DeliveryLane lane();

  /** How this subscriber appears in presence, or {@code null} if it is not counted there. */
  ClientInfo client();

  /** Whether this subscriber receives {@link PresenceChange}s of its channel. */
  boolean presenceEvents();

  /**
   * Receives one event. Called by this subscriber's lane, on the lane's thread; must not block. The
   * fanout is valid only during the call unless the subscriber {@link Fanout#retain()}s it.
   */
  void deliver(Fanout fanout);
}
