package io.herald.server.internal.transport;

import io.herald.server.internal.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;

/**
 * The first handler of every connection on a TLS port. It waits for the first record header (5
 * bytes) and, if the client speaks TLS, puts the TLS handler in its place; a client that sent plain
 * HTTP instead (an {@code http://} URL for an {@code https://} server) is answered 400 by {@link
 * PlainHttpRefusal}, in plain HTTP, so that it learns why. On the connection's event loop.
 */
final class TlsGate extends ByteToMessageDecoder {
  /** A TLS record header: content type, version, length (RFC 8446 §5.1). */
  private static final int RECORD_HEADER = 5;

  private final ServerTls tls;

  TlsGate(ServerTls tls) {
    this.tls = tls;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (in.readableBytes() < RECORD_HEADER) {
      return;
    }
    ChannelPipeline pipeline = ctx.pipeline();
    // Removing this decoder hands what it has buffered to the handler now after it.
    if (SslHandler.isEncrypted(in, false)) {
      pipeline.replace(this, HttpChannelInitializer.TLS, tls.newHandler(ctx.alloc()));
    } else {
      pipeline.replace(
          HttpChannelInitializer.HANDLER, "plain-http-refusal", new PlainHttpRefusal());
      pipeline.remove(this);
    }
  }
}
