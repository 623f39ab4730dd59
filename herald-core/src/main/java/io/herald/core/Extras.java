package io.herald.core;

import java.util.List;
import java.util.Set;

/**
 * What a message may carry besides its JSON data. Every field is optional; {@link #NONE} is the
 * message of a plain publish. Immutable.
 *
 * @param spread the data is a JSON array whose elements are the message's arguments (a Socket.IO
 *     event with zero or several arguments); otherwise the data is the one argument
 * @param attachments binary values, referred to from the data by Socket.IO placeholders {@code
 *     {"_placeholder":true,"num":N}}; transports that cannot carry binary send them as base64
 * @param broadcastId non-zero when one broadcast was published to several channels: a receiver
 *     subscribed to more than one of them takes it once
 * @param except channels whose subscribers of the same session skip this message (Socket.IO {@code
 *     except(room)}); empty for none
 * @param volatile_ the message may be dropped for a receiver that is behind (Socket.IO {@code
 *     volatile})
 * @param compress whether transports may compress the message (Socket.IO {@code compress(false)}
 *     turns it off)
 */
public record Extras(
    boolean spread,
    List<byte[]> attachments,
    long broadcastId,
    Set<String> except,
    boolean volatile_,
    boolean compress) {
  public static final Extras NONE = new Extras(false, List.of(), 0, Set.of(), false, true);

  public Extras {
    attachments = List.copyOf(attachments);
    except = Set.copyOf(except);
  }

  /** Whether this is {@link #NONE}: nothing but JSON data. */
  public boolean isNone() {
    return this == NONE || equals(NONE);
  }
}
