package io.herald.server.internal.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The listening socket and the event loops: epoll where the native transport loads, NIO elsewhere.
 * One group accepts and serves connections. Tracks every open connection so that {@link #stop} can
 * tell each to wind down.
 */
public final class NettyServer {
  private final EventLoopGroup group;
  private final boolean epoll;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private Channel listener;

  /**
   * Set by {@link #stop} before it walks {@link #connections}; a connection set up after that walk
   * sees it and closes itself. A connection is added before the flag is read, so each is either
   * walked or sees the flag.
   */
  private volatile boolean stopping;

  /**
   * @param threads event loops (0: one per available processor)
   */
  public NettyServer(int threads) {
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    this.epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("herald-io"), io);
  }

  public EventLoopGroup group() {
    return group;
  }

  /** Binds and starts accepting; returns the bound address. */
  public InetSocketAddress bind(
      String host, int port, int writeHighWaterMark, HttpChannelInitializer initializer)
      throws InterruptedException {
    Class<? extends ServerChannel> type =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(type)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(writeHighWaterMark / 2, writeHighWaterMark))
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    connections.add(channel);
                    if (stopping) {
                      // Accepted just before the listener closed: no ShutdownEvent will reach it.
                      channel.close();
                      return;
                    }
                    initializer.initChannel(channel);
                  }
                });
    listener = bootstrap.bind(host, port).sync().channel();
    return (InetSocketAddress) listener.localAddress();
  }

  /**
   * Stops accepting, fires {@link ShutdownEvent} through every connection, waits up to {@code
   * timeout} for them to close, closes the rest and stops the event loops.
   */
  public void stop(Duration timeout) throws InterruptedException {
    stopping = true;
    if (listener != null) {
      listener.close().sync();
    }
    for (Channel channel : connections) {
      channel
          .eventLoop()
          .execute(() -> channel.pipeline().fireUserEventTriggered(ShutdownEvent.INSTANCE));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!connections.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    connections.close().await(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }
}
