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
import io.herald.server.ChannelAction;
import io.herald.server.Principal;
import io.herald.server.PublishHook;
import io.herald.server.SubscribeHook;
import io.herald.server.internal.ChannelPolicy;
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
 * runs them against the channel engine and answers. Requests are handled on the event loop. The
 * {@link ChannelPolicy} is checked first; a refusal is an error frame and the connection stays up.
 * When the policy leaves a request to the application's authorizer, or a subscribe or publish hook
 * applies, those run on a virtual thread first, and until they are done every later request of this
 * connection waits behind them, so replies keep request order.
 *
 * <p>Confined to the connection's event loop, except where a hook runs.
 */
final class HeraldSocket extends WebSocketSession {
  private static final Logger log = LoggerFactory.getLogger(HeraldSocket.class);
  // Shared, never written: the policy only reads them.
  private static final ChannelAction[] SUBSCRIBE = {ChannelAction.SUBSCRIBE};
  private static final ChannelAction[] SUBSCRIBE_WITH_PRESENCE = {
    ChannelAction.SUBSCRIBE, ChannelAction.PRESENCE
  };
  private static final ChannelAction[] PUBLISH = {ChannelAction.PUBLISH};
  private static final ChannelAction[] PRESENCE = {ChannelAction.PRESENCE};
  private static final ChannelAction[] NOTHING = {};

  private final ServerContext server;
  private final ChannelEngine engine;
  private final Principal principal;
  private final ClientInfo client;
  private final Map<String, ChannelSubscription> subscriptions = new HashMap<>(4);
  private SerialExecutor hookRunner;
  private int waitingOnHooks;

  HeraldSocket(ServerContext server, LoopResources loop, Principal principal) {
    super(loop, server.webSocket(), server.limits().messageLimiter());
    this.server = server;
    this.engine = server.engine();
    this.principal = principal;
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
    String channel = channelOf(frame);
    ChannelAction[] actions = actionsOf(frame);
    ChannelPolicy.Decision decision =
        channel == null
            ? ChannelPolicy.Decision.ALLOW
            : server.policy().check(principal, channel, actions);
    List<?> hooks = hooksFor(frame);
    if (waitingOnHooks == 0 && decision != ChannelPolicy.Decision.ASK_APPLICATION) {
      if (decision == ChannelPolicy.Decision.DENY) {
        error(
            frame.id(),
            ChannelPolicy.refusal(server.policy().denied(principal, channel, actions), channel));
        flush();
        return;
      }
      if (hooks.isEmpty()) {
        perform(frame, null);
        flush();
        return;
      }
    }
    waitingOnHooks++;
    if (hookRunner == null) {
      // Most connections never meet a hook or the authorizer; only those that do get an executor.
      hookRunner = new SerialExecutor(server.handlerThreads());
    }
    hookRunner.execute(() -> runHooks(frame, channel, actions, hooks));
  }

  @Override
  protected void onMessageDropped() {
    server.metrics().limit("message_rate");
    server.metrics().error(ErrorCode.RATE_LIMITED);
    reply(
        ServerFrames.error(
            null,
            ErrorCode.RATE_LIMITED,
            "too many messages: this one was dropped; slow down or be disconnected"));
    flush();
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

  private static String channelOf(ClientFrame frame) {
    return switch (frame) {
      case ClientFrame.Subscribe s -> s.channel();
      case ClientFrame.Publish p -> p.channel();
      case ClientFrame.PresenceQuery q -> q.channel();
      default -> null;
    };
  }

  /** What the policy must allow for {@code frame}: presence events need presence access too. */
  private static ChannelAction[] actionsOf(ClientFrame frame) {
    return switch (frame) {
      case ClientFrame.Subscribe s when s.presence() -> SUBSCRIBE_WITH_PRESENCE;
      case ClientFrame.Subscribe s -> SUBSCRIBE;
      case ClientFrame.Publish p -> PUBLISH;
      case ClientFrame.PresenceQuery q -> PRESENCE;
      default -> NOTHING;
    };
  }

  private List<?> hooksFor(ClientFrame frame) {
    return switch (frame) {
      case ClientFrame.Subscribe s -> server.hooks().subscribeHooks(s.channel());
      case ClientFrame.Publish p -> server.hooks().publishHooks(p.channel());
      default -> List.of();
    };
  }

  /**
   * On a virtual thread: asks the policy (and through it the application's authorizer), runs the
   * hooks, then continues on the event loop.
   */
  private void runHooks(ClientFrame frame, String channel, ChannelAction[] actions, List<?> hooks) {
    JsonData data = frame instanceof ClientFrame.Publish p ? p.data() : null;
    ProtocolException refusal = null;
    try {
      if (channel != null) {
        server.policy().authorize(principal, channel, actions);
      }
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
      log.warn("channel authorizer or hook failed", e);
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
