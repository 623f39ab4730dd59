package io.herald.server.internal.transport;

import io.herald.protocol.ErrorCode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Reassembles HTTP requests up to the body size limit; a larger request is answered with 413 and a
 * JSON error body, and the connection is closed (the rest of the body cannot be skipped reliably).
 */
final class BodySizeLimit extends HttpObjectAggregator {
  BodySizeLimit(int maxContentLength) {
    super(maxContentLength);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    FullHttpResponse refusal =
        HttpResponses.error(
            ErrorCode.MESSAGE_TOO_LARGE,
            "request body larger than " + maxContentLength() + " bytes");
    HttpUtil.setKeepAlive(refusal, false);
    // The client is likely still sending the body: linger, or a reset could eat the 413.
    LingeringClose.after(ctx.writeAndFlush(refusal));
  }
}
