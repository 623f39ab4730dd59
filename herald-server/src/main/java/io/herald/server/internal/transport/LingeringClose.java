package io.herald.server.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection after a refusal the client may still be sending into (an oversized body, a
 * malformed request): closing at once while unread bytes remain makes the kernel answer with a TCP
 * reset, which can destroy the response before the client reads it. Instead the output is shut down
 * (the client reads the response, then end of stream), input keeps being read and discarded, and
 * the connection is closed when the client closes it or after {@link #LINGER_MS}. Under TLS the
 * output ends with a close_notify alert first, so the client sees a clean end of the TLS stream
 * rather than a truncation. On the connection's event loop.
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
    SslHandler tls = channel.pipeline().get(SslHandler.class);
    if (tls == null) {
      linger(duplex);
    } else {
      tls.closeOutbound().addListener(sent -> linger(duplex));
    }
  }

  private static void linger(DuplexChannel channel) {
    if (!channel.isActive()) {
      return;
    }
    // Whatever still arrives is dropped before any decoder (TLS included) sees it.
    channel.pipeline().addFirst(Discard.INSTANCE);
    channel.config().setAutoRead(true);
    channel.shutdownOutput();
    channel.eventLoop().schedule(() -> channel.close(), LINGER_MS, TimeUnit.MILLISECONDS);
  }

  /** Drops everything read. */
  @ChannelHandler.Sharable
  private static final class Discard extends ChannelInboundHandlerAdapter {
    static final Discard INSTANCE = new Discard();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }
  }
}
