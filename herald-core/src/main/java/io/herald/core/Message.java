package io.herald.core;

import io.herald.protocol.JsonData;
import io.herald.protocol.Offset;

/**
 * A published message, as stored in history and delivered to subscribers. Immutable.
 *
 * @param channel the channel it was published on
 * @param offset its position in the channel's history
 * @param event its event name
 * @param data its JSON payload
 * @param time the publish time, milliseconds since the Unix epoch
 */
public record Message(String channel, Offset offset, String event, JsonData data, long time)
    implements ChannelEvent {}
