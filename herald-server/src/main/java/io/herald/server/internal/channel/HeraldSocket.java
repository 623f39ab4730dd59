package io.herald.server.internal.channel;

import io.herald.core.ChannelEngine;
import io.herald.core.Ids;
import io.herald.core.SerialExecutor;
import io.herald.protocol.ClientFrame;
import io.herald.protocol.ClientInfo;
import io.herald.protocol.ErrorCode;
import io.herald.protocol.JsonData;
import io.herald.protocol.ProtocolException;
import io.herald.protocol.ServerFrames;
import io.herald.server.Principal;
import io.herald.server.PublishHook;
import io.herald.server.SubscribeHook;
import io.herald.server.internal.HeraldMetrics;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.CloseCodes;
import io.herald.server.internal.transport.LoopResources;
import io.herald.server.internal.transport.WebSocketSession;
import io.herald.server.internal.transport.WsFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection speaking the Herald channel protocol (docs/protocol.md): decodes client frames,
 * runs them against the channel engine and answers. Requests are handled on the event loop; when a
 * subscribe or publish hook applies, the hook runs on a virtual thread first, and until it is done
 * every later request of this connection waits behind it, so replies keep request order.
 *
 * <p>Confined to the connection's event loop, except where a hook runs.
 */
final class HeraldSocket extends WebSocketSession {
  private static final Logger log = LoggerFactory.getLogger(HeraldSocket.class);

  private final ServerContext server;
  private final ChannelEngine engine;
  private final ClientInfo client;
  private final Map<String, ChannelSubscription> subscriptions = new HashMap<>(4);
  private SerialExecutor hookRunner;
  private int waitingOnHooks;

  HeraldSocket(ServerContext server, LoopResources loop, Principal principal) {
    super(loop, server.webSocket());
    this.server = server;
    this.engine = server.engine();
    this.client = new ClientInfo(Ids.connectionId(), principal.userId(), null);
  }

  @Override
  protected void onOpen() {
    server.metrics().opened(HeraldMetrics.Transport.WEBSOCKET);
    reply(ServerFrames.connected(client, server.config().server().maxMessageSize()));
    flush();
  }

  @Override
  protected void onText(ByteBuf text) {
    ClientFrame frame;
    try {
      byte[] bytes = ByteBufUtil.getBytes(text);
      frame = server.frames().decode(bytes, 0, bytes.length);
    } catch (ProtocolException e) {
      error(e.requestId(), e);
      flush();
      return;
    }
    List<?> hooks = hooksFor(frame);
    if (hooks.isEmpty() && waitingOnHooks == 0) {
      perform(frame, null);
      flush();
      return;
    }
    waitingOnHooks++;
    if (hookRunner == null) {
      // Most connections never meet a hook; only those that do get an executor.
      hookRunner = new SerialExecutor(server.handlerThreads());
    }
    hookRunner.execute(() -> runHooks(frame, hooks));
  }

  @Override
  protected void onBinary(ByteBuf data) {
    closeWith(CloseCodes.UNSUPPORTED_DATA, "binary messages are not part of the Herald protocol");
  }

  @Override
  protected void onClosed(int code, String reason) {
    for (Map.Entry<String, ChannelSubscription> entry : subscriptions.entrySet()) {
      entry.getValue().cancel();
      engine.unsubscribe(entry.getKey(), entry.getValue());
    }
    subscriptions.clear();
    server.metrics().closed(HeraldMetrics.Transport.WEBSOCKET);
  }

  private List<?> hooksFor(ClientFrame frame) {
    return switch (frame) {
      case ClientFrame.Subscribe s -> server.hooks().subscribeHooks(s.channel());
      case ClientFrame.Publish p -> server.hooks().publishHooks(p.channel());
      default -> List.of();
    };
  }

  /** On a virtual thread: runs the hooks, then continues on the event loop. */
  private void runHooks(ClientFrame frame, List<?> hooks) {
    JsonData data = frame instanceof ClientFrame.Publish p ? p.data() : null;
    ProtocolException refusal = null;
    try {
      for (Object hook : hooks) {
        switch (hook) {
          case SubscribeHook subscribe ->
              subscribe.onSubscribe(client, ((ClientFrame.Subscribe) frame).channel());
          case PublishHook publish -> {
            ClientFrame.Publish p = (ClientFrame.Publish) frame;
            data = publish.onPublish(client, p.channel(), p.event(), data);
            if (data == null) {
              data = JsonData.NULL;
            }
          }
          default -> throw new IllegalStateException("unknown hook " + hook);
        }
      }
    } catch (ProtocolException e) {
      refusal = e;
    } catch (Exception e) {
      log.warn("channel hook failed", e);
      refusal = new ProtocolException(ErrorCode.INTERNAL_ERROR, "the server failed to handle this");
    }
    ProtocolException refused = refusal;
    JsonData hookData = data;
    context()
        .executor()
        .execute(
            () -> {
              waitingOnHooks--;
              if (!isLive()) {
                return;
              }
              if (refused != null) {
                error(frame.id(), refused);
              } else {
                perform(frame, hookData);
              }
              flush();
            });
  }

  private void perform(ClientFrame frame, JsonData hookData) {
    try {
      switch (frame) {
        case ClientFrame.Subscribe s -> subscribe(s);
        case ClientFrame.Unsubscribe u -> unsubscribe(u);
        case ClientFrame.Publish p -> publish(p, hookData == null ? p.data() : hookData);
        case ClientFrame.PresenceQuery q -> presence(q);
        case ClientFrame.Ping ping -> reply(ServerFrames.pong(ping.id()));
      }
    } catch (ProtocolException e) {
      error(frame.id(), e);
    }
  }

  private void subscribe(ClientFrame.Subscribe request) {
    String channel = request.channel();
    if (subscriptions.containsKey(channel)) {
      throw new ProtocolException(
          ErrorCode.ALREADY_SUBSCRIBED, "already subscribed to '" + channel + "'");
    }
    int max = server.config().limits().maxSubscriptionsPerConnection();
    if (subscriptions.size() >= max) {
      throw new ProtocolException(
          ErrorCode.TOO_MANY_SUBSCRIPTIONS, "at most " + max + " subscriptions per connection");
    }
    ChannelSubscription subscription =
        new ChannelSubscription(this, lane(), client.withInfo(request.info()), request.presence());
    subscriptions.put(channel, subscription);
    onLoop(
        engine.subscribe(channel, subscription, request.since()),
        (read, failure) -> {
          if (subscription.isCancelled()) {
            return;
          }
          if (failure != null) {
            subscriptions.remove(channel, subscription);
            subscription.cancel();
            engine.unsubscribe(channel, subscription);
            error(request.id(), failure);
            return;
          }
          reply(
              ServerFrames.subscribed(
                  request.id(), channel, read.top(), read.recovered(), read.messages().size()));
          subscription.replay(read);
        });
  }

  private void unsubscribe(ClientFrame.Unsubscribe request) {
    ChannelSubscription subscription = subscriptions.remove(request.channel());
    if (subscription == null) {
      throw new ProtocolException(
          ErrorCode.NOT_SUBSCRIBED, "not subscribed to '" + request.channel() + "'");
    }
    subscription.cancel();
    engine.unsubscribe(request.channel(), subscription);
    reply(ServerFrames.unsubscribed(request.id(), request.channel()));
  }

  private void publish(ClientFrame.Publish request, JsonData data) {
    server.backpressure().afterPublish(context().channel());
    onLoop(
        engine.publish(request.channel(), request.event(), data),
        (message, failure) -> {
          if (failure != null) {
            error(request.id(), failure);
          } else if (request.id() != null) {
            reply(ServerFrames.ack(request.id(), request.channel(), message.offset()));
          }
        });
  }

  private void presence(ClientFrame.PresenceQuery request) {
    onLoop(
        engine.presence(request.channel()),
        (clients, failure) -> {
          if (failure != null) {
            error(request.id(), failure);
          } else {
            reply(ServerFrames.presence(request.id(), request.channel(), clients));
          }
        });
  }

  /** Sends one reply frame; the caller flushes. */
  void reply(byte[] json) {
    sendFrame(WsFrames.frame(context().alloc(), WsFrames.OPCODE_TEXT, json));
  }

  private void error(Long id, Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    ProtocolException error;
    if (cause instanceof ProtocolException protocol) {
      error = protocol;
    } else {
      log.warn("request failed", cause);
      error = new ProtocolException(ErrorCode.INTERNAL_ERROR, "the server failed to handle this");
    }
    server.metrics().error(error.code());
    reply(ServerFrames.error(id, error.code(), error.getMessage()));
  }

  /**
   * Continues with the result of {@code stage} on the event loop: right away when it completes
   * there (as the in-memory stores do), else in a task on the loop.
   */
  private <T> void onLoop(CompletionStage<T> stage, Completion<T> then) {
    stage.whenComplete(
        (value, failure) -> {
          if (context().executor().inEventLoop()) {
            then.accept(value, failure);
            flush();
          } else {
            context()
                .executor()
                .execute(
                    () -> {
                      if (isLive()) {
                        then.accept(value, failure);
                        flush();
                      }
                    });
          }
        });
  }

  @FunctionalInterface
  private interface Completion<T> {
    void accept(T value, Throwable failure);
  }
}
