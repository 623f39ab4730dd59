package io.herald.core.spi;

import io.herald.core.Message;
import io.herald.core.PresenceChange;

/**
 * What nodes tell each other through an {@link Adapter}. A sealed set of records: a cluster adapter
 * serialises these and nothing else.
 */
public sealed interface AdapterMessage {
  /** A message was appended to a channel's history; deliver it to local subscribers. */
  record Published(Message message) implements AdapterMessage {}

  /** A connection joined or left a channel; deliver it to local presence watchers. */
  record PresenceChanged(PresenceChange change) implements AdapterMessage {}
}
