package io.herald.core.spi;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Carries {@link AdapterMessage}s between the nodes of a cluster. A node hands every message to
 * {@link #publish}; the adapter delivers every message published by any node, this one included, to
 * the receiver given in {@link #start}.
 *
 * <p>The in-memory adapter delivers synchronously on the publishing thread. A cluster adapter
 * (Redis, NATS) does I/O in {@link #publish} and calls the receiver from its own threads.
 */
public interface Adapter extends AutoCloseable {
  /**
   * Starts delivery. Called once, before the first {@link #publish}.
   *
   * @param receiver called for every message, from the adapter's thread (or the publishing thread
   *     for the in-memory adapter), in the order messages were published by each node; it does not
   *     block
   */
  void start(Consumer<AdapterMessage> receiver);

  /**
   * Sends a message to every node. May be called from any thread, including Netty event loops: must
   * not block; returns a stage that completes once the message is on its way.
   */
  CompletionStage<Void> publish(AdapterMessage message);

  /** Stops delivery and releases resources. */
  @Override
  void close();
}
