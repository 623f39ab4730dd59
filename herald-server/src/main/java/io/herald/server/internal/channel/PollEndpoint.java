package io.herald.server.internal.channel;

import io.herald.protocol.ErrorCode;
import io.herald.protocol.ProtocolException;
import io.herald.server.Transport;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;
import java.time.Duration;

/** {@code GET /poll?channel=…&since=…&wait=…}: answers a {@link PollRequest}. On the event loop. */
public final class PollEndpoint {
  public static final String PATH = "/poll";

  private final ServerContext server;

  public PollEndpoint(ServerContext server) {
    this.server = server;
  }

  public void handle(HttpExchange exchange) {
    ChannelRequest request;
    long waitMillis;
    try {
      request =
          ChannelRequest.parse(
              exchange.query(), exchange.queryParam("since"), server.config().limits());
      waitMillis = waitMillis(exchange.queryParam("wait"), server.config().poll().maxWait());
    } catch (ProtocolException e) {
      server.metrics().error(e.code());
      exchange.error(e.code(), e.getMessage());
      return;
    }
    SubscribeGate.admit(
        server,
        exchange,
        Transport.POLL,
        request,
        (client, principal) -> new PollRequest(server, exchange, request, waitMillis).start());
  }

  /**
   * The {@code wait} parameter, in seconds, as milliseconds capped at {@code maxWait}; 0 when it is
   * absent.
   *
   * @throws ProtocolException when it is not a finite number of seconds {@code >= 0}
   */
  static long waitMillis(String wait, Duration maxWait) {
    if (wait == null || wait.isEmpty()) {
      return 0;
    }
    double seconds;
    try {
      seconds = Double.parseDouble(wait);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new ProtocolException(
          ErrorCode.INVALID_PARAMETER, "'wait' must be a number of seconds >= 0");
    }
    return Math.min((long) (seconds * 1000), maxWait.toMillis());
  }
}
