package io.herald.core;

import io.herald.protocol.Offset;
import java.util.List;

/**
 * The answer to "what came after this offset?".
 *
 * @param messages the messages to replay, oldest first
 * @param top the channel's position when the history was read (its last message's offset, or {@code
 *     epoch:0})
 * @param recovered {@code true} when {@code messages} is everything after the offset asked for;
 *     {@code false} when the history no longer reaches back that far or the epoch changed (then
 *     {@code messages} is what the current epoch still holds)
 */
public record HistoryRead(List<Message> messages, Offset top, boolean recovered) {
  public HistoryRead {
    messages = List.copyOf(messages);
  }

  /**
   * The position just before the first replayed message (or {@link #top} when nothing is replayed):
   * where a client that received this replay stands before it.
   */
  public Offset start() {
    if (messages.isEmpty()) {
      return top;
    }
    Offset first = messages.get(0).offset();
    return new Offset(first.epoch(), first.seq() - 1);
  }
}
