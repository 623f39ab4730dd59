package io.herald.server.internal.transport;

import io.herald.core.DeliveryLane;
import io.herald.core.Fanout;
import io.herald.core.Subscriber;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery lane of one Netty event loop. Publishers on any thread enqueue work; one drain task
 * on the loop writes everything queued so far to the connections of this loop and then flushes each
 * connection that was written once. Under load many messages queue up between drains, so each
 * socket gets one large write instead of one per message.
 */
public final class EventLoopLane implements DeliveryLane {
  private static final Logger log = LoggerFactory.getLogger(EventLoopLane.class);

  private final EventLoop loop;
  private final Queue<LaneTask> queue = PlatformDependent.newMpscQueue();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final List<Flushable> toFlush = new ArrayList<>();
  private final Runnable drain = this::drain;
  private volatile long delivered;
  private boolean draining;
  private boolean eager;

  public EventLoopLane(EventLoop loop) {
    this.loop = loop;
  }

  public EventLoop loop() {
    return loop;
  }

  /** Called from any thread: queues the fanout for these subscribers of this lane. */
  @Override
  public void deliver(Fanout fanout, Subscriber[] subscribers) {
    enqueue(new Delivery(fanout, subscribers));
  }

  /**
   * Called from any thread: sends {@code frame} (whose reference this call takes over) to each of
   * {@code targets} but {@code except} (may be null); all targets live on this lane's loop.
   */
  public void broadcast(ByteBuf frame, FrameSink[] targets, FrameSink except) {
    enqueue(new Broadcast(frame, targets, except));
  }

  /** Deliveries made by this lane so far; read from any thread, approximately. */
  public long deliveredCount() {
    return delivered;
  }

  /** True while this lane's drain runs; on the loop. */
  public boolean isDraining() {
    return draining;
  }

  /**
   * True while the drain handles the only task queued: nothing would share a flush with its writes,
   * so each connection is flushed as soon as it is written (like a direct send) rather than after
   * every connection of the lane has been written. On the loop.
   */
  public boolean flushesEagerly() {
    return eager;
  }

  /** Fan-outs waiting for this lane (approximate); any thread. */
  public int backlog() {
    return queue.size();
  }

  /** Called on the loop by something written to during this drain: flush it when it ends. */
  public void flushLater(Flushable written) {
    toFlush.add(written);
  }

  private void enqueue(LaneTask task) {
    queue.add(task);
    if (scheduled.compareAndSet(false, true)) {
      loop.execute(drain);
    }
  }

  private void drain() {
    // Clear the flag before polling: a task added after the last poll reschedules the drain.
    scheduled.set(false);
    draining = true;
    try {
      LaneTask task;
      while ((task = queue.poll()) != null) {
        eager = queue.isEmpty();
        task.run(this);
      }
    } finally {
      draining = false;
      eager = false;
      for (int i = 0, n = toFlush.size(); i < n; i++) {
        toFlush.get(i).flushNow();
      }
      toFlush.clear();
    }
  }

  private record Delivery(Fanout fanout, Subscriber[] subscribers) implements LaneTask {
    @Override
    public void run(EventLoopLane lane) {
      try {
        for (Subscriber subscriber : subscribers) {
          try {
            subscriber.deliver(fanout);
          } catch (RuntimeException e) {
            // One failing subscriber must not cost the others this event.
            log.warn("delivery to {} failed", subscriber, e);
          }
        }
        lane.delivered = lane.delivered + subscribers.length;
      } finally {
        fanout.release();
      }
    }
  }

  private record Broadcast(ByteBuf frame, FrameSink[] targets, FrameSink except)
      implements LaneTask {
    @Override
    public void run(EventLoopLane lane) {
      try {
        for (FrameSink target : targets) {
          if (target != except) {
            try {
              target.sendFrame(frame.retainedDuplicate());
            } catch (RuntimeException e) {
              log.warn("broadcast to {} failed", target, e);
            }
            lane.delivered = lane.delivered + 1;
          }
        }
      } finally {
        frame.release();
      }
    }
  }
}
