package io.herald.core;

/** Something that happens on a channel and is delivered to its subscribers. */
public sealed interface ChannelEvent permits Message, PresenceChange {
  /** The channel it happened on. */
  String channel();
}
