package io.herald.server.internal.channel;

import io.herald.core.DeliveryLane;
import io.herald.core.Fanout;
import io.herald.core.Message;
import io.herald.core.Subscriber;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.Offset;
import java.util.ArrayDeque;

/**
 * A subscriber that resumes from history: until its replay has been written it holds every live
 * event back (the connection may not even have its response head yet), and afterwards it writes
 * each message once, skipping those the replay (or an earlier delivery) already covered. So the
 * client sees a channel's messages in offset order without gaps or repeats, however the replay and
 * live deliveries interleave.
 *
 * <p>Confined to the connection's event loop.
 */
public abstract class HeldBackSubscriber implements Subscriber {
  private final DeliveryLane lane;
  private final ClientInfo client;
  private final boolean presenceEvents;
  private final ArrayDeque<Fanout> heldBack = new ArrayDeque<>(0);
  private boolean replaying = true;
  private boolean cancelled;
  private Offset last;

  protected HeldBackSubscriber(DeliveryLane lane, ClientInfo client, boolean presenceEvents) {
    this.lane = lane;
    this.client = client;
    this.presenceEvents = presenceEvents;
  }

  /** Writes one event to the connection (a new message, or a presence change). */
  protected abstract void write(Fanout fanout);

  @Override
  public final DeliveryLane lane() {
    return lane;
  }

  @Override
  public final ClientInfo client() {
    return client;
  }

  @Override
  public final boolean presenceEvents() {
    return presenceEvents;
  }

  @Override
  public final void deliver(Fanout fanout) {
    if (cancelled) {
      return;
    }
    if (replaying) {
      heldBack.add(fanout.retain());
    } else if (isNew(fanout)) {
      write(fanout);
    }
  }

  /** The replay up to {@code top} has been written: write what was held back and go live. */
  public final void replayed(Offset top) {
    last = top;
    replaying = false;
    Fanout fanout;
    while ((fanout = heldBack.poll()) != null) {
      try {
        if (isNew(fanout)) {
          write(fanout);
        }
      } finally {
        fanout.release();
      }
    }
  }

  public final boolean isCancelled() {
    return cancelled;
  }

  /** Stops delivery and frees what was held back. */
  public final void cancel() {
    cancelled = true;
    Fanout fanout;
    while ((fanout = heldBack.poll()) != null) {
      fanout.release();
    }
  }

  /** Presence changes are always new; a message is new if no write covered its offset yet. */
  private boolean isNew(Fanout fanout) {
    if (!(fanout.event() instanceof Message message)) {
      return true;
    }
    if (last != null && last.covers(message.offset())) {
      return false;
    }
    last = message.offset();
    return true;
  }
}
