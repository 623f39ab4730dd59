package io.herald.core.spi;

import io.herald.protocol.ClientInfo;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Who is subscribed to each channel. Methods may be called from any thread, including Netty event
 * loops, and must not block; a store that does I/O completes its stages later.
 */
public interface PresenceStore extends AutoCloseable {
  /** Records that {@code client} is subscribed to {@code channel}. */
  CompletionStage<Void> join(String channel, ClientInfo client);

  /** Records that the connection {@code clientId} left {@code channel}. */
  CompletionStage<Void> leave(String channel, String clientId);

  /** The connections subscribed to {@code channel}, in the order they joined. */
  CompletionStage<List<ClientInfo>> get(String channel);

  @Override
  void close();
}
