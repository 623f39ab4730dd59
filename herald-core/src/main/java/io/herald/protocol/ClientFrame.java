package io.herald.protocol;

/**
 * A request a client sends on the Herald channel protocol (docs/protocol.md, "WebSocket"). Each
 * carries the optional request {@code id} that the server echoes in its reply.
 */
public sealed interface ClientFrame {
  /** The request id to echo, or {@code null} when the client sent none. */
  Long id();

  /** {@code {"op":"subscribe"}}: start receiving a channel, replaying after {@code since}. */
  record Subscribe(Long id, String channel, Offset since, boolean presence, JsonData info)
      implements ClientFrame {}

  /** {@code {"op":"unsubscribe"}}. */
  record Unsubscribe(Long id, String channel) implements ClientFrame {}

  /** {@code {"op":"publish"}}: publish {@code data} as {@code event} on {@code channel}. */
  record Publish(Long id, String channel, String event, JsonData data) implements ClientFrame {}

  /** {@code {"op":"presence"}}: who is subscribed to {@code channel}. */
  record PresenceQuery(Long id, String channel) implements ClientFrame {}

  /** {@code {"op":"ping"}}: answered with a pong. */
  record Ping(Long id) implements ClientFrame {}
}
