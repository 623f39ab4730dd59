package io.herald.server.internal.channel;

import io.herald.core.Ids;
import io.herald.protocol.ClientInfo;
import io.herald.server.SubscribeHook;
import io.herald.server.internal.Admission;
import io.herald.server.internal.OffLoop;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;
import java.util.List;
import java.util.function.Consumer;

/**
 * Admits an SSE or poll request: authenticates it, then runs the subscribe hooks of its channels
 * (off the loop, see {@link OffLoop}); a refusal is answered as an HTTP error.
 */
final class SubscribeGate {
  private SubscribeGate() {}

  /**
   * Calls {@code admitted} on the event loop with the request's client once the authenticator and
   * every hook agreed. Called on the event loop.
   */
  static void admit(
      ServerContext server,
      HttpExchange exchange,
      List<String> channels,
      Consumer<ClientInfo> admitted) {
    Admission.admit(
        server,
        exchange,
        principal -> {
          ClientInfo client = new ClientInfo(Ids.connectionId(), principal.userId(), null);
          boolean hooked =
              channels.stream().anyMatch(c -> !server.hooks().subscribeHooks(c).isEmpty());
          if (!hooked) {
            admitted.accept(client);
            return;
          }
          OffLoop.run(
              server,
              exchange,
              () -> {
                for (String channel : channels) {
                  for (SubscribeHook hook : server.hooks().subscribeHooks(channel)) {
                    hook.onSubscribe(client, channel);
                  }
                }
                return client;
              },
              admitted);
        });
  }
}
