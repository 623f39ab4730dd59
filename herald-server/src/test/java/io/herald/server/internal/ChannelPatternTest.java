package io.herald.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ChannelPatternTest {
  /** What a pattern means, as a regular expression: the reference the matcher must agree with. */
  private static boolean reference(String pattern, String channel, String user) {
    if (pattern.contains("{sub}") && (user == null || user.isEmpty() || user.contains(":"))) {
      return false;
    }
    StringBuilder regex = new StringBuilder();
    String[] pieces = pattern.split("\\*", -1);
    for (int i = 0; i < pieces.length; i++) {
      if (i > 0) {
        regex.append(".*");
      }
      String[] literals = pieces[i].split("\\{sub\\}", -1);
      for (int j = 0; j < literals.length; j++) {
        if (j > 0) {
          regex.append(Pattern.quote(user));
        }
        regex.append(Pattern.quote(literals[j]));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(channel).matches();
  }

  private static String random(Random random, String[] alphabet, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int i = 0; i < length; i++) {
      text.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return text.toString();
  }

  @Test
  void agreesWithARegularExpressionOnRandomPatterns() {
    Random random = new Random(42);
    String[] patternAlphabet = {"a", "b", ":", "*", "{sub}"};
    String[] nameAlphabet = {"a", "b", ":", "ab", "u1"};
    String[] users = {null, "", "u1", "a", "ab", "a:b"};
    for (int i = 0; i < 50_000; i++) {
      String pattern = random(random, patternAlphabet, 6);
      if (pattern.isEmpty()) {
        continue;
      }
      String channel = random(random, nameAlphabet, 6);
      String user = users[random.nextInt(users.length)];
      assertThat(ChannelPattern.parse(pattern).matches(channel, user))
          .as("'%s' against '%s' for user %s", pattern, channel, user)
          .isEqualTo(reference(pattern, channel, user));
    }
  }

  @Test
  void theUsualPatterns() {
    ChannelPattern own = ChannelPattern.parse("user:{sub}");
    assertThat(own.matches("user:ann", "ann")).isTrue();
    assertThat(own.matches("user:ann", "bob")).isFalse();
    assertThat(own.matches("user:ann", null)).isFalse();
    ChannelPattern team = ChannelPattern.parse("team:*:{sub}:*");
    assertThat(team.matches("team:red:ann:inbox", "ann")).isTrue();
    assertThat(team.matches("team:red:bob:inbox", "ann")).isFalse();
    assertThat(ChannelPattern.parse("*").matches("", null)).isTrue();
    assertThat(ChannelPattern.parse("a*b*c").matches("abc", null)).isTrue();
    assertThat(ChannelPattern.parse("a*b*c").matches("acb", null)).isFalse();
  }

  @Test
  void matchingAllocatesNothing() {
    ChannelPattern own = ChannelPattern.parse("user:{sub}:*:{sub}");
    ChannelPattern plain = ChannelPattern.parse("room:*:chat");
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().threadId();
    boolean all = true;
    // Warm up first, so that what is measured is the compiled code.
    for (int i = 0; i < 200_000; i++) {
      all &= own.matches("user:ann:x:ann", "ann") & plain.matches("room:42:chat", "ann");
    }
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 100_000; i++) {
      all &= own.matches("user:ann:x:ann", "ann") & plain.matches("room:42:chat", "ann");
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertThat(all).isTrue();
    // 200,000 matches; building the substituted pattern cost over 100 bytes each.
    assertThat(allocated).isLessThan(64 * 1024);
  }
}
