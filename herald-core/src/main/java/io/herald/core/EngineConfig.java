package io.herald.core;

import io.herald.protocol.FrameLimits;

/**
 * Configuration of the channel engine.
 *
 * @param history per-channel history (defaults: {@link HistoryOptions#DEFAULTS})
 * @param limits name and payload limits (defaults: {@link FrameLimits#DEFAULTS})
 */
public record EngineConfig(HistoryOptions history, FrameLimits limits) {
  public static final EngineConfig DEFAULTS =
      new EngineConfig(HistoryOptions.DEFAULTS, FrameLimits.DEFAULTS);

  public EngineConfig withHistory(HistoryOptions newHistory) {
    return new EngineConfig(newHistory, limits);
  }

  public EngineConfig withLimits(FrameLimits newLimits) {
    return new EngineConfig(history, newLimits);
  }
}
