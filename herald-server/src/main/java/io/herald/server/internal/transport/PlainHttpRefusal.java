package io.herald.server.internal.transport;

import io.herald.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers plain HTTP sent to a TLS port: 400 with a JSON error that says to use https (or wss),
 * then the connection is closed. Takes the place of the connection handler when {@link TlsGate}
 * finds no TLS; on the connection's event loop.
 */
final class PlainHttpRefusal extends ChannelInboundHandlerAdapter {
  private boolean answered;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
    if (answered) {
      return;
    }
    answered = true;
    FullHttpResponse refusal =
        HttpResponses.error(
            HttpResponseStatus.BAD_REQUEST,
            ErrorCode.BAD_REQUEST,
            "this port speaks TLS only: use https:// (or wss://)");
    HttpUtil.setKeepAlive(refusal, false);
    LingeringClose.after(ctx.writeAndFlush(refusal));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ShutdownEvent) {
      ctx.close();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
