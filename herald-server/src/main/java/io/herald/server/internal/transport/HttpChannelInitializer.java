package io.herald.server.internal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.function.Supplier;

/**
 * Assembles every new connection's pipeline, in reading order: HTTP codec, request reassembly with
 * the body size cap, the WebSocket extension negotiator (only with compression on), and the
 * connection handler that dispatches requests. WebSocket and SSE take over the connection later and
 * remove the HTTP-only handlers.
 */
public final class HttpChannelInitializer {
  /** Settings of the HTTP layer. */
  public record Settings(
      int maxInitialLineLength,
      int maxHeaderSize,
      int maxMessageSize,
      boolean compression,
      int compressionThreshold) {}

  private final Settings settings;
  private final Supplier<HttpConnectionHandler> handlers;
  private final Runnable onConnection;

  /**
   * @param handlers makes the connection handler of each new connection
   * @param onConnection told of every accepted connection (metrics)
   */
  public HttpChannelInitializer(
      Settings settings, Supplier<HttpConnectionHandler> handlers, Runnable onConnection) {
    this.settings = settings;
    this.handlers = handlers;
    this.onConnection = onConnection;
  }

  /** Sets up a new connection's pipeline; on its event loop. */
  public void initChannel(Channel channel) {
    onConnection.run();
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast(
        "http",
        new HttpServerCodec(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxInitialLineLength())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(8192)));
    pipeline.addLast("http-aggregator", new BodySizeLimit(settings.maxMessageSize()));
    if (settings.compression()) {
      pipeline.addLast("ws-extensions", compressionNegotiator());
    }
    pipeline.addLast("http-handler", handlers.get());
  }

  private WebSocketServerExtensionHandler compressionNegotiator() {
    int threshold = settings.compressionThreshold();
    WebSocketExtensionFilter belowThreshold = frame -> frame.content().readableBytes() < threshold;
    WebSocketExtensionFilterProvider filters =
        new WebSocketExtensionFilterProvider() {
          @Override
          public WebSocketExtensionFilter encoderFilter() {
            return belowThreshold;
          }

          @Override
          public WebSocketExtensionFilter decoderFilter() {
            return WebSocketExtensionFilter.NEVER_SKIP;
          }
        };
    // maxAllocation caps what one inflated message may grow to: a small compressed frame must
    // not expand past the message size limit (a decompression bomb).
    return new WebSocketServerExtensionHandler(
        new PerMessageDeflateServerExtensionHandshaker(
            6,
            ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
            false,
            false,
            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
            PerMessageDeflateServerExtensionHandshaker.DEFAULT_MEM_LEVEL,
            filters,
            settings.maxMessageSize()));
  }
}
