package io.herald.server;

import io.herald.protocol.FrameLimits;

/**
 * Caps on what one client may ask for.
 *
 * @param maxChannelsPerRequest channels one SSE stream or poll may name (default 16)
 * @param maxSubscriptionsPerConnection channels one {@code /herald} connection may subscribe to
 *     (default 128)
 * @param maxChannelNameLength longest channel name (default 200)
 * @param maxEventNameLength longest event name (default 128)
 * @param maxPresenceInfoBytes largest presence {@code info} object (default 1024)
 */
public record LimitOptions(
    int maxChannelsPerRequest,
    int maxSubscriptionsPerConnection,
    int maxChannelNameLength,
    int maxEventNameLength,
    int maxPresenceInfoBytes) {
  public static final LimitOptions DEFAULTS = new LimitOptions(16, 128, 200, 128, 1024);

  public LimitOptions {
    if (maxChannelsPerRequest < 1 || maxSubscriptionsPerConnection < 1) {
      throw new IllegalArgumentException("channel limits must be >= 1");
    }
  }

  /** The limits the protocol decoders enforce. */
  public FrameLimits frameLimits() {
    return new FrameLimits(maxChannelNameLength, maxEventNameLength, maxPresenceInfoBytes);
  }

  public LimitOptions withMaxChannelsPerRequest(int value) {
    return new LimitOptions(
        value,
        maxSubscriptionsPerConnection,
        maxChannelNameLength,
        maxEventNameLength,
        maxPresenceInfoBytes);
  }

  public LimitOptions withMaxSubscriptionsPerConnection(int value) {
    return new LimitOptions(
        maxChannelsPerRequest,
        value,
        maxChannelNameLength,
        maxEventNameLength,
        maxPresenceInfoBytes);
  }
}
