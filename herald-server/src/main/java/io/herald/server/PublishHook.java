package io.herald.server;

import io.herald.protocol.ClientInfo;
import io.herald.protocol.JsonData;

/**
 * Called before a message a client sent on {@code /herald} is published to a channel matching the
 * hook's pattern. Runs on a virtual thread, ordered per connection; it may block. Returns the data
 * to publish (the original, or a replacement); throw {@link io.herald.protocol.ProtocolException}
 * to refuse (the client gets an error frame).
 */
@FunctionalInterface
public interface PublishHook {
  JsonData onPublish(ClientInfo client, String channel, String event, JsonData data)
      throws Exception;
}
