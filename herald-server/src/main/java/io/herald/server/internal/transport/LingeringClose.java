package io.herald.server.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a refusal the client may still be sending into (an oversized body, a
 * malformed request): closing at once while unread bytes remain makes the kernel answer with a TCP
 * reset, which can destroy the response before the client reads it. Instead the output is shut down
 * (the client reads the response, then end of stream), input keeps being read and discarded, and
 * the connection is closed when the client closes it or after {@link #LINGER_MS}.
 */
public final class LingeringClose {
  static final long LINGER_MS = 2000;

  private LingeringClose() {}

  /** Closes {@code channel} once {@code written} (the refusal) has been sent. */
  public static void after(ChannelFuture written) {
    written.addListener(done -> close(written.channel()));
  }

  private static void close(Channel channel) {
    if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
      channel.close();
      return;
    }
    channel.config().setAutoRead(true);
    duplex.shutdownOutput();
    channel.eventLoop().schedule(() -> channel.close(), LINGER_MS, TimeUnit.MILLISECONDS);
  }
}
