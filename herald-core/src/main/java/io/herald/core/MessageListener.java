package io.herald.core;

/**
 * Receives the messages of a channel inside the application (see {@link ChannelEngine#listen}).
 * Called on a virtual thread, one message at a time in publish order; it may block.
 */
@FunctionalInterface
public interface MessageListener {
  void onMessage(Message message) throws Exception;
}
