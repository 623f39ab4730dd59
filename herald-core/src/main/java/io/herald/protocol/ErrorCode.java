package io.herald.protocol;

/**
 * Every error Herald reports to a client, with a stable wire code and the HTTP status it maps to
 * where the error surfaces over HTTP. The list (and what each means) is in docs/errors.md.
 */
public enum ErrorCode {
  BAD_REQUEST("bad_request", 400),
  INVALID_JSON("invalid_json", 400),
  INVALID_FRAME("invalid_frame", 400),
  INVALID_PACKET("invalid_packet", 400),
  UNKNOWN_OP("unknown_op", 400),
  INVALID_CHANNEL("invalid_channel", 400),
  INVALID_EVENT("invalid_event", 400),
  INVALID_OFFSET("invalid_offset", 400),
  INVALID_PARAMETER("invalid_parameter", 400),
  TOO_MANY_CHANNELS("too_many_channels", 400),
  TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions", 400),
  ALREADY_SUBSCRIBED("already_subscribed", 409),
  NOT_SUBSCRIBED("not_subscribed", 409),
  MESSAGE_TOO_LARGE("message_too_large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
  UNAUTHORIZED("unauthorized", 401),
  TOKEN_EXPIRED("token_expired", 401),
  FORBIDDEN("forbidden", 403),
  API_DISABLED("api_disabled", 403),
  NOT_FOUND("not_found", 404),
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  REQUEST_TIMEOUT("request_timeout", 408),
  RATE_LIMITED("rate_limited", 429),
  TOO_MANY_CONNECTIONS("too_many_connections", 429),
  SERVER_BUSY("server_busy", 503),
  SHUTTING_DOWN("shutting_down", 503),
  INTERNAL_ERROR("internal_error", 500);

  private final String code;
  private final int httpStatus;

  ErrorCode(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The stable string sent on the wire, e.g. {@code invalid_channel}. */
  public String code() {
    return code;
  }

  /** The HTTP status used when this error answers an HTTP request. */
  public int httpStatus() {
    return httpStatus;
  }
}
