package io.herald.server.internal;

import io.herald.core.ChannelEngine;
import io.herald.protocol.ClientFrameDecoder;
import io.herald.server.Authenticator;
import io.herald.server.HeraldConfig;
import io.herald.server.internal.limits.ConnectionLimits;
import io.herald.server.internal.transport.Backpressure;
import io.herald.server.internal.transport.Loops;
import io.herald.server.internal.transport.WebSocketSettings;
import io.herald.server.internal.transport.WebSocketUpgrade;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The collaborators every transport of one server shares. Immutable references; safe to read from
 * any thread.
 *
 * @param handlerThreads runs application callbacks, a virtual thread per task
 * @param authenticator decides who connects, or {@code null} to let everyone in anonymously
 * @param policy decides who may subscribe, publish and see presence on each channel
 * @param backpressure pauses connections that publish faster than the fan-out drains
 * @param frames the decoder of Herald protocol frames (stateless, shared)
 * @param stopping set once the server begins to shut down
 * @param limits the connection caps and rates every admission goes through
 */
public record ServerContext(
    HeraldConfig config,
    ChannelEngine engine,
    Loops loops,
    HeraldMetrics metrics,
    Executor handlerThreads,
    ChannelHooks hooks,
    Authenticator authenticator,
    ChannelPolicy policy,
    WebSocketSettings webSocket,
    WebSocketUpgrade upgrade,
    Backpressure backpressure,
    ClientFrameDecoder frames,
    AtomicBoolean stopping,
    ConnectionLimits limits) {}
