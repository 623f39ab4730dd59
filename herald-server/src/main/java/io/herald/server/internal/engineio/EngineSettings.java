package io.herald.server.internal.engineio;

import io.herald.protocol.engineio.EngineLimits;
import io.herald.server.Principal;
import io.herald.server.socketio.EngineIoOptions;
import java.util.function.BiFunction;

/**
 * What every Engine.IO session of one endpoint shares.
 *
 * @param options the endpoint's Engine.IO options
 * @param maxPayload the largest polling body and WebSocket message accepted: the options' {@code
 *     maxPayload}, capped by the server's {@code maxMessageSize}; this is what clients are told
 * @param limits the payload limits derived from it
 * @param listeners makes the listener of each new session from the session and its principal
 *     (called on the session's loop)
 * @param invalidPacket counts a packet that did not parse (before its session is closed)
 * @param messageDropped counts a message dropped over the session's message rate
 */
record EngineSettings(
    EngineIoOptions options,
    int maxPayload,
    EngineLimits limits,
    BiFunction<EngineSession, Principal, EngineListener> listeners,
    Runnable invalidPacket,
    Runnable messageDropped) {
  EngineSettings(
      EngineIoOptions options,
      int maxPayload,
      BiFunction<EngineSession, Principal, EngineListener> listeners,
      Runnable invalidPacket,
      Runnable messageDropped) {
    this(
        options,
        maxPayload,
        new EngineLimits(maxPayload, EngineLimits.DEFAULTS.maxPackets()),
        listeners,
        invalidPacket,
        messageDropped);
  }
}
