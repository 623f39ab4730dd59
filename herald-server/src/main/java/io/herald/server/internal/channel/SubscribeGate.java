package io.herald.server.internal.channel;

import io.herald.core.Ids;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.ProtocolException;
import io.herald.server.ChannelAction;
import io.herald.server.Principal;
import io.herald.server.SubscribeHook;
import io.herald.server.Transport;
import io.herald.server.internal.Admission;
import io.herald.server.internal.ChannelPolicy;
import io.herald.server.internal.OffLoop;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;
import java.util.function.BiConsumer;

/**
 * Admits an SSE or poll request: authenticates it, checks the {@link ChannelPolicy} for each of its
 * channels, then runs the subscribe hooks of its channels. The application's authorizer and the
 * hooks run off the loop (see {@link OffLoop}); a refusal is answered as an HTTP error ({@code 403
 * forbidden} naming the channel).
 */
final class SubscribeGate {
  private SubscribeGate() {}

  /**
   * Calls {@code admitted} on the event loop with the request's client and principal once the
   * authenticator, the policy and every hook agreed. Called on the event loop.
   */
  static void admit(
      ServerContext server,
      HttpExchange exchange,
      Transport transport,
      ChannelRequest request,
      BiConsumer<ClientInfo, Principal> admitted) {
    ChannelAction[] actions =
        request.presence()
            ? new ChannelAction[] {ChannelAction.SUBSCRIBE, ChannelAction.PRESENCE}
            : new ChannelAction[] {ChannelAction.SUBSCRIBE};
    Admission.admit(
        server,
        exchange,
        transport,
        principal -> {
          ClientInfo client = new ClientInfo(Ids.connectionId(), principal.userId(), null);
          boolean offLoop = false;
          for (String channel : request.channels()) {
            ChannelPolicy.Decision decision = server.policy().check(principal, channel, actions);
            if (decision == ChannelPolicy.Decision.DENY) {
              refuse(
                  server,
                  exchange,
                  ChannelPolicy.refusal(
                      server.policy().denied(principal, channel, actions), channel));
              return;
            }
            offLoop |=
                decision == ChannelPolicy.Decision.ASK_APPLICATION
                    || !server.hooks().subscribeHooks(channel).isEmpty();
          }
          if (!offLoop) {
            admitted.accept(client, principal);
            return;
          }
          OffLoop.run(
              server,
              exchange,
              () -> {
                authorize(server, principal, request, actions);
                for (String channel : request.channels()) {
                  for (SubscribeHook hook : server.hooks().subscribeHooks(channel)) {
                    hook.onSubscribe(client, channel);
                  }
                }
                return client;
              },
              admittedClient -> admitted.accept(admittedClient, principal));
        });
  }

  /** On a virtual thread: asks the application about every channel the rules leave to it. */
  private static void authorize(
      ServerContext server, Principal principal, ChannelRequest request, ChannelAction[] actions)
      throws Exception {
    for (String channel : request.channels()) {
      server.policy().authorize(principal, channel, actions);
    }
  }

  private static void refuse(ServerContext server, HttpExchange exchange, ProtocolException e) {
    server.metrics().error(e.code());
    exchange.error(e.code(), e.getMessage());
  }
}
