package io.herald.server;

import io.herald.core.EngineConfig;
import io.herald.core.HistoryOptions;

/**
 * Everything configurable about a Herald server, each part with its own defaults. Immutable; change
 * a part with the {@code with…} methods:
 *
 * <pre>{@code
 * HeraldConfig config = HeraldConfig.DEFAULTS.withServer(ServerOptions.DEFAULTS.withPort(8080));
 * }</pre>
 */
public record HeraldConfig(
    ServerOptions server,
    WebSocketOptions websocket,
    SseOptions sse,
    PollOptions poll,
    LimitOptions limits,
    HistoryOptions history,
    ApiOptions api) {
  public static final HeraldConfig DEFAULTS =
      new HeraldConfig(
          ServerOptions.DEFAULTS,
          WebSocketOptions.DEFAULTS,
          SseOptions.DEFAULTS,
          PollOptions.DEFAULTS,
          LimitOptions.DEFAULTS,
          HistoryOptions.DEFAULTS,
          ApiOptions.DEFAULTS);

  /** The part of this configuration the channel engine uses. */
  public EngineConfig engine() {
    return new EngineConfig(history, limits.frameLimits());
  }

  public HeraldConfig withServer(ServerOptions value) {
    return new HeraldConfig(value, websocket, sse, poll, limits, history, api);
  }

  public HeraldConfig withWebSocket(WebSocketOptions value) {
    return new HeraldConfig(server, value, sse, poll, limits, history, api);
  }

  public HeraldConfig withSse(SseOptions value) {
    return new HeraldConfig(server, websocket, value, poll, limits, history, api);
  }

  public HeraldConfig withPoll(PollOptions value) {
    return new HeraldConfig(server, websocket, sse, value, limits, history, api);
  }

  public HeraldConfig withLimits(LimitOptions value) {
    return new HeraldConfig(server, websocket, sse, poll, value, history, api);
  }

  public HeraldConfig withHistory(HistoryOptions value) {
    return new HeraldConfig(server, websocket, sse, poll, limits, value, api);
  }

  public HeraldConfig withApi(ApiOptions value) {
    return new HeraldConfig(server, websocket, sse, poll, limits, history, value);
  }
}
