package io.herald.server.internal.engineio;

import io.herald.protocol.engineio.EngineLimits;
import io.herald.server.Principal;
import io.herald.server.socketio.EngineIoOptions;
import java.util.function.BiFunction;

/**
 * What every Engine.IO session of one endpoint shares.
 *
 * @param options the endpoint's Engine.IO options
 * @param limits the payload limits derived from them
 * @param listeners makes the listener of each new session from the session and its principal
 *     (called on the session's loop)
 */
record EngineSettings(
    EngineIoOptions options,
    EngineLimits limits,
    BiFunction<EngineSession, Principal, EngineListener> listeners) {
  EngineSettings(
      EngineIoOptions options, BiFunction<EngineSession, Principal, EngineListener> listeners) {
    this(
        options,
        new EngineLimits(options.maxPayload(), EngineLimits.DEFAULTS.maxPackets()),
        listeners);
  }
}
