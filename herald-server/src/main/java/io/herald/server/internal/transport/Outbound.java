package io.herald.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.util.ReferenceCountUtil;

/**
 * Writes pre-encoded bytes to one connection, bypassing the encoders above {@code rawContext} (the
 * bytes are already what goes on the wire), and defers the flush to the end of the lane's drain.
 * Applies the slow-consumer policy: a connection whose queued outbound bytes pass {@code
 * slowConsumerLimit} is handed to {@link SlowConsumerHandler} instead of being written to.
 *
 * <p>Confined to the connection's event loop.
 */
public final class Outbound implements Flushable {
  /** What a transport does with a connection that fell too far behind. */
  @FunctionalInterface
  public interface SlowConsumerHandler {
    void onSlowConsumer(Outbound outbound);
  }

  private final Channel channel;
  private final ChannelHandlerContext rawContext;
  private final EventLoopLane lane;
  private final int slowConsumerLimit;
  private final SlowConsumerHandler slowConsumer;
  private boolean flushScheduled;
  private boolean closed;

  public Outbound(
      ChannelHandlerContext rawContext,
      EventLoopLane lane,
      int slowConsumerLimit,
      SlowConsumerHandler slowConsumer) {
    this.channel = rawContext.channel();
    this.rawContext = rawContext;
    this.lane = lane;
    this.slowConsumerLimit = slowConsumerLimit;
    this.slowConsumer = slowConsumer;
  }

  /**
   * Queues {@code bytes} (taking over its reference). Inside a lane drain the flush happens once at
   * the end of the drain; elsewhere the caller calls {@link #flushNow()} after its writes.
   *
   * @return {@code false} if the bytes were dropped because the connection is closed or slow
   */
  public boolean write(ByteBuf bytes) {
    return write(rawContext, bytes);
  }

  /**
   * Like {@link #write(ByteBuf)}, but writes a message that still needs the encoders after {@code
   * through} (e.g. a WebSocket frame to compress).
   */
  public boolean write(ChannelHandlerContext through, Object message) {
    if (closed) {
      ReferenceCountUtil.release(message);
      return false;
    }
    if (!channel.isWritable()) {
      // Part of the queue may just be this drain's batch, not flushed yet: hand it to the socket
      // first, and judge the consumer by what the socket could not take. (The end-of-drain
      // flush stays scheduled.)
      rawContext.flush();
      if (pendingBytes() > slowConsumerLimit) {
        ReferenceCountUtil.release(message);
        closed = true;
        slowConsumer.onSlowConsumer(this);
        return false;
      }
    }
    through.write(message, through.voidPromise());
    if (lane.isDraining()) {
      if (lane.flushesEagerly()) {
        rawContext.flush();
      } else if (!flushScheduled) {
        flushScheduled = true;
        lane.flushLater(this);
      }
    }
    return true;
  }

  /** Flushes now. */
  @Override
  public void flushNow() {
    flushScheduled = false;
    rawContext.flush();
  }

  /** Stops further writes (the transport is closing the connection). */
  public void close() {
    closed = true;
  }

  private long pendingBytes() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.totalPendingWriteBytes();
  }
}
