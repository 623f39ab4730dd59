package io.herald.bench.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * What the connections of one run count, shared by every event loop and read by the main thread.
 * Connections add their counts once per socket read, not once per frame.
 */
public final class LoadStats {
  /**
   * {@code message} frames (Socket.IO: {@code 42[…]} events) received, summed over all subscribers.
   */
  public final AtomicLong deliveries = new AtomicLong();

  /** Subscribers that received {@code subscribed} (Socket.IO: the CONNECT answer {@code 40…}). */
  public final AtomicInteger subscribed = new AtomicInteger();

  /** Connections that closed (or failed) before the client closed them. */
  public final AtomicInteger closed = new AtomicInteger();

  /** {@code error} frames (Socket.IO: CONNECT_ERROR packets) received. */
  public final AtomicInteger errors = new AtomicInteger();

  /** Receive time minus publish time of sampled deliveries, in nanoseconds. */
  public final Recorder latency = new Recorder(3);

  /**
   * The same latencies split by the subscriber's position in subscription order, in tenths; a
   * server that writes to its subscribers one after the other shows it as latency rising with the
   * position.
   */
  public final Recorder[] byPosition = new Recorder[10];

  public LoadStats() {
    for (int i = 0; i < byPosition.length; i++) {
      byPosition[i] = new Recorder(3);
    }
  }

  private final AtomicReference<String> firstProblem = new AtomicReference<>();
  private volatile boolean stopping;

  /** A connection closed: counted unless the client itself is shutting down. */
  public void closed(int code, String reason) {
    if (!stopping) {
      closed.incrementAndGet();
      problem("connection closed: " + code + " " + reason);
    }
  }

  public void error(String frame) {
    errors.incrementAndGet();
    problem("error frame: " + frame);
  }

  /** The first thing that went wrong, or {@code null}. */
  public String firstProblem() {
    return firstProblem.get();
  }

  /** From now on closures are the client's own doing. */
  public void stopping() {
    stopping = true;
  }

  private void problem(String what) {
    firstProblem.compareAndSet(null, what);
  }
}
