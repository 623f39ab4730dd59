package io.herald.server.internal;

import io.herald.protocol.ErrorCode;
import io.herald.protocol.ProtocolException;
import io.herald.server.HttpError;
import io.herald.server.internal.transport.HttpExchange;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an application step that may block (an authenticator, subscribe hooks) before a request is
 * answered: the exchange is suspended, the step runs on a virtual thread, and the request continues
 * on its event loop with the result. A refusal ({@link HttpError} or {@link ProtocolException}) is
 * answered as an HTTP error before any upgrade or stream begins.
 */
public final class OffLoop {
  private static final Logger log = LoggerFactory.getLogger(OffLoop.class);

  private OffLoop() {}

  /**
   * Runs {@code step} off the loop, then {@code then} on the loop if the connection is still there.
   * Called on the event loop.
   */
  public static <T> void run(
      ServerContext server, HttpExchange exchange, Callable<T> step, Consumer<T> then) {
    exchange.suspend();
    server
        .handlerThreads()
        .execute(
            () -> {
              T result;
              try {
                result = step.call();
              } catch (HttpError e) {
                exchange.respond(HttpErrors.response(e));
                return;
              } catch (ProtocolException e) {
                server.metrics().error(e.code());
                exchange.error(e.code(), e.getMessage());
                return;
              } catch (Exception e) {
                log.warn("handler failed before {} was answered", exchange.path(), e);
                exchange.error(ErrorCode.INTERNAL_ERROR, "the server failed to handle this");
                return;
              }
              exchange
                  .loop()
                  .execute(
                      () -> {
                        if (exchange.context().channel().isActive() && !exchange.isDone()) {
                          then.accept(result);
                        }
                      });
            });
  }
}
