package io.herald.server.internal.transport;

import java.util.function.IntConsumer;

/**
 * What every WebSocket session of a server shares.
 *
 * @param pingIntervalNanos how often to ping
 * @param pingTimeoutNanos how much longer than the interval a peer may stay silent
 * @param compressionThreshold smallest message compressed when permessage-deflate is on
 * @param maxMessageSize largest frame and message accepted
 * @param slowConsumerLimit queued outbound bytes past which a connection is closed with 1013
 * @param onProtocolError told the close code of every protocol violation (for metrics)
 */
public record WebSocketSettings(
    long pingIntervalNanos,
    long pingTimeoutNanos,
    int compressionThreshold,
    int maxMessageSize,
    int slowConsumerLimit,
    IntConsumer onProtocolError) {}
