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
 *
 * @param jwt the built-in JWT authenticator ({@link JwtAuthenticator}), used when no other {@link
 *     Authenticator} is set; {@code null} (the default) for none
 * @param tls https and wss ({@link TlsOptions}); {@code null} (the default) for plain HTTP
 */
public record HeraldConfig(
    ServerOptions server,
    WebSocketOptions websocket,
    SseOptions sse,
    PollOptions poll,
    LimitOptions limits,
    HistoryOptions history,
    ApiOptions api,
    JwtOptions jwt,
    ChannelRules channels,
    OriginOptions origins,
    TlsOptions tls) {
  public static final HeraldConfig DEFAULTS =
      new HeraldConfig(
          ServerOptions.DEFAULTS,
          WebSocketOptions.DEFAULTS,
          SseOptions.DEFAULTS,
          PollOptions.DEFAULTS,
          LimitOptions.DEFAULTS,
          HistoryOptions.DEFAULTS,
          ApiOptions.DEFAULTS,
          null,
          ChannelRules.DEFAULTS,
          OriginOptions.DEFAULTS,
          null);

  /** The part of this configuration the channel engine uses. */
  public EngineConfig engine() {
    return new EngineConfig(history, limits.frameLimits());
  }

  public HeraldConfig withServer(ServerOptions value) {
    return new HeraldConfig(
        value, websocket, sse, poll, limits, history, api, jwt, channels, origins, tls);
  }

  public HeraldConfig withWebSocket(WebSocketOptions value) {
    return new HeraldConfig(
        server, value, sse, poll, limits, history, api, jwt, channels, origins, tls);
  }

  public HeraldConfig withSse(SseOptions value) {
    return new HeraldConfig(
        server, websocket, value, poll, limits, history, api, jwt, channels, origins, tls);
  }

  public HeraldConfig withPoll(PollOptions value) {
    return new HeraldConfig(
        server, websocket, sse, value, limits, history, api, jwt, channels, origins, tls);
  }

  public HeraldConfig withLimits(LimitOptions value) {
    return new HeraldConfig(
        server, websocket, sse, poll, value, history, api, jwt, channels, origins, tls);
  }

  public HeraldConfig withHistory(HistoryOptions value) {
    return new HeraldConfig(
        server, websocket, sse, poll, limits, value, api, jwt, channels, origins, tls);
  }

  public HeraldConfig withApi(ApiOptions value) {
    return new HeraldConfig(
        server, websocket, sse, poll, limits, history, value, jwt, channels, origins, tls);
  }

  /** The built-in JWT authenticator's options, or {@code null} (the default) for none. */
  public HeraldConfig withJwt(JwtOptions value) {
    return new HeraldConfig(
        server, websocket, sse, poll, limits, history, api, value, channels, origins, tls);
  }

  public HeraldConfig withChannels(ChannelRules value) {
    return new HeraldConfig(
        server, websocket, sse, poll, limits, history, api, jwt, value, origins, tls);
  }

  public HeraldConfig withOrigins(OriginOptions value) {
    return new HeraldConfig(
        server, websocket, sse, poll, limits, history, api, jwt, channels, value, tls);
  }

  /** Serves https and wss with {@code value}; {@code null} (the default) serves plain HTTP. */
  public HeraldConfig withTls(TlsOptions value) {
    return new HeraldConfig(
        server, websocket, sse, poll, limits, history, api, jwt, channels, origins, value);
  }
}
