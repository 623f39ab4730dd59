package io.herald.server;

/** What a client asks to do with a channel; a {@link ChannelRule} decides each separately. */
public enum ChannelAction {
  /** Receive the channel's messages ({@code /herald} subscribe, an SSE stream, a poll). */
  SUBSCRIBE,
  /** Publish on the channel from a client connection ({@code /herald} publish). */
  PUBLISH,
  /**
   * See who is subscribed: a {@code /herald} presence query, or join and leave events asked for
   * with {@code presence: true} on a subscribe, SSE stream or poll.
   */
  PRESENCE
}
