package io.herald.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-loop sweeper: constant-time removal keeps every remaining member ticking. */
class HeartbeatsTest {
  private static final class Member implements Heartbeats.Member {
    final List<Long> beats = new ArrayList<>();
    int slot = -1;
    Runnable onBeat = () -> {};

    @Override
    public void beat(long now) {
      beats.add(now);
      onBeat.run();
    }

    @Override
    public int heartbeatSlot() {
      return slot;
    }

    @Override
    public void heartbeatSlot(int value) {
      slot = value;
    }
  }

  @Test
  void removedMembersStopAndTheOthersKeepTicking() throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel();
    Heartbeats heartbeats = new Heartbeats(channel.eventLoop(), 1);
    Member a = new Member();
    Member b = new Member();
    Member c = new Member();
    heartbeats.add(a);
    heartbeats.add(b);
    heartbeats.add(c);
    heartbeats.add(b);
    assertThat(heartbeats.size()).isEqualTo(3);
    heartbeats.remove(a);
    assertThat(heartbeats.size()).isEqualTo(2);
    assertThat(a.slot).isEqualTo(-1);
    heartbeats.remove(a);
    assertThat(heartbeats.size()).isEqualTo(2);

    TimeUnit.MILLISECONDS.sleep(5);
    channel.runScheduledPendingTasks();
    assertThat(a.beats).isEmpty();
    assertThat(b.beats).isNotEmpty();
    assertThat(c.beats).isNotEmpty();
    heartbeats.stop();
    channel.finishAndReleaseAll();
  }

  @Test
  void aMemberMayRemoveItselfWhileBeating() throws Exception {
    EmbeddedChannel channel = new EmbeddedChannel();
    Heartbeats heartbeats = new Heartbeats(channel.eventLoop(), 1);
    Member first = new Member();
    Member closing = new Member();
    Member last = new Member();
    heartbeats.add(first);
    heartbeats.add(closing);
    heartbeats.add(last);
    closing.onBeat = () -> heartbeats.remove(closing);
    TimeUnit.MILLISECONDS.sleep(5);
    channel.runScheduledPendingTasks();
    assertThat(heartbeats.size()).isEqualTo(2);
    assertThat(closing.beats).hasSize(1);
    assertThat(first.beats).isNotEmpty();
    assertThat(last.beats).isNotEmpty();
    heartbeats.stop();
    channel.finishAndReleaseAll();
  }
}
