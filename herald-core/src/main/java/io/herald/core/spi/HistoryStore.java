package io.herald.core.spi;

import io.herald.core.Extras;
import io.herald.core.HistoryRead;
import io.herald.core.Message;
import io.herald.protocol.JsonData;
import io.herald.protocol.Offset;
import java.util.concurrent.CompletionStage;

/**
 * Per-channel message history and the offsets it assigns. The store decides epochs: it must change
 * a channel's epoch whenever it loses that channel's history (restart, trimming past the last
 * message, expiry of the channel's metadata).
 *
 * <p>Every method may be called from any thread, including Netty event loops, and must not block: a
 * store that does I/O completes its stages later, from its own threads. Appends to one channel must
 * complete in the order they were called.
 */
public interface HistoryStore extends AutoCloseable {
  /** Appends a message, assigning it the next offset of its channel. */
  CompletionStage<Message> append(
      String channel, String event, JsonData data, Extras extras, long time);

  /**
   * Reads what came after {@code since}; with {@code since == null} reads nothing and reports the
   * current position. Reading a channel that has no history yet gives it an epoch.
   */
  CompletionStage<HistoryRead> readSince(String channel, Offset since);

  @Override
  void close();
}
