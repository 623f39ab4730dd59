package io.herald.server;

import io.herald.protocol.ClientInfo;

/**
 * Called before a client subscribes to a channel matching the hook's pattern ({@code /herald}
 * subscribe, an SSE stream, a poll). Runs on a virtual thread, ordered per connection; it may
 * block. Throw {@link io.herald.protocol.ProtocolException} (e.g. with {@code FORBIDDEN}) to
 * refuse; the client gets that error and the connection stays open where the transport allows.
 */
@FunctionalInterface
public interface SubscribeHook {
  void onSubscribe(ClientInfo client, String channel) throws Exception;
}
