package io.herald.core.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** The single-node adapter: every publish is delivered at once, on the publishing thread. */
public final class InMemoryAdapter implements Adapter {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private volatile Consumer<AdapterMessage> receiver;

  @Override
  public void start(Consumer<AdapterMessage> receiver) {
    this.receiver = receiver;
  }

  @Override
  public CompletionStage<Void> publish(AdapterMessage message) {
    Consumer<AdapterMessage> target = receiver;
    if (target == null) {
      throw new IllegalStateException("adapter not started");
    }
    target.accept(message);
    return DONE;
  }

  @Override
  public void close() {
    receiver = null;
  }
}
