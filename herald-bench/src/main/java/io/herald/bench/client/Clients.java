package io.herald.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The load generator's sockets: one Netty event loop group (epoll where available) from which it
 * opens WebSocket connections to one server, a bounded number of handshakes at a time.
 */
public final class Clients implements AutoCloseable {
  private final InetSocketAddress server;
  private final String path;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final String transport;

  public Clients(InetSocketAddress server, String path, int threads) {
    this.server = server;
    this.path = path;
    IoHandlerFactory io;
    Class<? extends SocketChannel> channelType;
    if (Epoll.isAvailable()) {
      io = EpollIoHandler.newFactory();
      channelType = EpollSocketChannel.class;
      transport = "epoll";
    } else {
      io = NioIoHandler.newFactory();
      channelType = NioSocketChannel.class;
      transport = "nio";
    }
    this.group = new MultiThreadIoEventLoopGroup(threads, io);
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
  }

  /** {@code epoll} or {@code nio}. */
  public String transport() {
    return transport;
  }

  public EventLoopGroup group() {
    return group;
  }

  /**
   * Opens {@code count} connections, at most {@code concurrency} of them not yet ready at a time,
   * and returns them all (some may have failed: see their listeners). A connection counts as ready
   * when its listener calls {@link Ready#ready()}, or when it closes.
   *
   * @param listeners makes the listener of connection {@code i}; it receives a {@link Ready} to
   *     signal with
   * @throws IllegalStateException if the connections are not all started within {@code timeoutMs}
   */
  public List<WsConnection> open(
      int count, int concurrency, long timeoutMs, IntFunction<WsListener> listeners)
      throws InterruptedException {
    Semaphore permits = new Semaphore(concurrency);
    List<WsConnection> connections = new ArrayList<>(count);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    String host = server.getHostString() + ":" + server.getPort();
    for (int i = 0; i < count; i++) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(
            "opened only " + i + " of " + count + " connections in " + timeoutMs + " ms");
      }
      WsConnection connection = new WsConnection(host, path, listeners.apply(i));
      connections.add(connection);
      Releaser releaser = new Releaser(permits);
      if (connection.listener() instanceof ReadyAware aware) {
        aware.readyWith(releaser);
      }
      ChannelFuture connect =
          bootstrap
              .clone()
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast("ws-encoder", new WebSocket08FrameEncoder(true))
                          .addLast("ws-client", connection);
                    }
                  })
              .connect(server);
      connect.addListener(
          future -> {
            if (!future.isSuccess()) {
              releaser.ready();
            } else {
              connect.channel().closeFuture().addListener(closed -> releaser.ready());
            }
          });
    }
    return connections;
  }

  /** Closes every connection and stops the event loops (waits up to five seconds). */
  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** Signalled once by a connection's listener when the connection has done its setup. */
  public interface Ready {
    void ready();
  }

  /** A listener that signals readiness (e.g. after {@code subscribed}). */
  public interface ReadyAware {
    void readyWith(Ready ready);
  }

  private static final class Releaser implements Ready {
    private final Semaphore permits;
    private boolean done;

    Releaser(Semaphore permits) {
      this.permits = permits;
    }

    @Override
    public synchronized void ready() {
      if (!done) {
        done = true;
        permits.release();
      }
    }
  }
}
