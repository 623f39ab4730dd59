package io.herald.server.internal;

import io.herald.server.PublishHook;
import io.herald.server.SubscribeHook;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The application's subscribe and publish hooks with the channel patterns they apply to ({@code *}
 * matches any run of characters: {@code chat:*}, {@code user:*:inbox}). Immutable once the server
 * starts.
 */
public final class ChannelHooks {
  private record Entry<H>(Pattern pattern, H hook) {}

  private final List<Entry<SubscribeHook>> subscribe = new ArrayList<>();
  private final List<Entry<PublishHook>> publish = new ArrayList<>();

  public void addSubscribe(String pattern, SubscribeHook hook) {
    subscribe.add(new Entry<>(glob(pattern), hook));
  }

  public void addPublish(String pattern, PublishHook hook) {
    publish.add(new Entry<>(glob(pattern), hook));
  }

  public boolean isEmpty() {
    return subscribe.isEmpty() && publish.isEmpty();
  }

  /** The subscribe hooks that apply to {@code channel}, in registration order. */
  public List<SubscribeHook> subscribeHooks(String channel) {
    return matching(subscribe, channel);
  }

  /** The publish hooks that apply to {@code channel}, in registration order. */
  public List<PublishHook> publishHooks(String channel) {
    return matching(publish, channel);
  }

  private static <H> List<H> matching(List<Entry<H>> entries, String channel) {
    List<H> found = List.of();
    for (Entry<H> entry : entries) {
      if (entry.pattern().matcher(channel).matches()) {
        if (found.isEmpty()) {
          found = new ArrayList<>(2);
        }
        found.add(entry.hook());
      }
    }
    return found;
  }

  private static Pattern glob(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      throw new IllegalArgumentException("a channel pattern must not be empty");
    }
    String[] literals = pattern.split("\\*", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < literals.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(literals[i]));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
