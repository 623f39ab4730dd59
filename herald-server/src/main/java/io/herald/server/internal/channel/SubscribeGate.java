package io.herald.server.internal.channel;

import io.herald.protocol.ClientInfo;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.ProtocolException;
import io.herald.server.SubscribeHook;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the subscribe hooks of an SSE or poll request's channels before it is answered: on a virtual
 * thread with the exchange suspended, then continues on the event loop. A refusal is answered as an
 * HTTP error.
 */
final class SubscribeGate {
  private static final Logger log = LoggerFactory.getLogger(SubscribeGate.class);

  private SubscribeGate() {}

  /** Calls {@code allowed} on the event loop once every hook agreed (at once if none apply). */
  static void check(
      ServerContext server,
      HttpExchange exchange,
      ClientInfo client,
      List<String> channels,
      Runnable allowed) {
    boolean hooked = channels.stream().anyMatch(c -> !server.hooks().subscribeHooks(c).isEmpty());
    if (!hooked) {
      allowed.run();
      return;
    }
    exchange.suspend();
    server
        .handlerThreads()
        .execute(
            () -> {
              try {
                for (String channel : channels) {
                  for (SubscribeHook hook : server.hooks().subscribeHooks(channel)) {
                    hook.onSubscribe(client, channel);
                  }
                }
              } catch (ProtocolException e) {
                server.metrics().error(e.code());
                exchange.error(e.code(), e.getMessage());
                return;
              } catch (Exception e) {
                log.warn("subscribe hook failed", e);
                exchange.error(ErrorCode.INTERNAL_ERROR, "the server failed to handle this");
                return;
              }
              exchange
                  .loop()
                  .execute(
                      () -> {
                        if (!exchange.isDone() && exchange.context().channel().isActive()) {
                          allowed.run();
                        }
                      });
            });
  }
}
