package io.herald.core;

import io.herald.protocol.ClientInfo;

/**
 * A connection joined or left a channel's presence. Delivered only to subscribers that asked for
 * presence events, never stored in history.
 */
public record PresenceChange(String channel, boolean joined, ClientInfo client)
    implements ChannelEvent {}
