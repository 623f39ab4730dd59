package io.herald.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.core.ChannelEvent;
import io.herald.core.Fanout;
import io.herald.core.Message;
import io.herald.core.Subscriber;
import io.herald.protocol.JsonData;
import io.herald.protocol.Offset;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A publishing connection stops being read while a lane has more than the high-water mark of
 * fan-outs waiting, and reads again once the lanes have drained.
 */
class BackpressureTest {
  private static final ChannelEvent EVENT =
      new Message("c", new Offset("e", 1), "m", JsonData.NULL, 0);

  @Test
  void pausesThePublisherUntilTheLanesDrain() throws Exception {
    EmbeddedChannel loopOwner = new EmbeddedChannel();
    EventLoopLane lane = new EventLoopLane(loopOwner.eventLoop());
    Backpressure backpressure = new Backpressure(List.of(lane));
    EmbeddedChannel publisher = new EmbeddedChannel();

    // An embedded loop runs nothing until asked, so the lane's queue just grows.
    for (int i = 0; i <= Backpressure.HIGH_WATER; i++) {
      lane.deliver(new Fanout(EVENT, 1), new Subscriber[0]);
    }
    assertThat(backpressure.backlog()).isEqualTo(Backpressure.HIGH_WATER + 1);

    backpressure.afterPublish(publisher);
    assertThat(publisher.config().isAutoRead()).isFalse();

    TimeUnit.MILLISECONDS.sleep(2);
    publisher.runScheduledPendingTasks();
    assertThat(publisher.config().isAutoRead()).as("still backlogged").isFalse();

    loopOwner.runPendingTasks();
    assertThat(backpressure.backlog()).isZero();
    TimeUnit.MILLISECONDS.sleep(2);
    publisher.runScheduledPendingTasks();
    assertThat(publisher.config().isAutoRead()).isTrue();

    publisher.finishAndReleaseAll();
    loopOwner.finishAndReleaseAll();
  }

  @Test
  void leavesPublishersAloneBelowTheMark() {
    EmbeddedChannel loopOwner = new EmbeddedChannel();
    EventLoopLane lane = new EventLoopLane(loopOwner.eventLoop());
    Backpressure backpressure = new Backpressure(List.of(lane));
    EmbeddedChannel publisher = new EmbeddedChannel();
    lane.deliver(new Fanout(EVENT, 1), new Subscriber[0]);
    backpressure.afterPublish(publisher);
    assertThat(publisher.config().isAutoRead()).isTrue();
    loopOwner.runPendingTasks();
    publisher.finishAndReleaseAll();
    loopOwner.finishAndReleaseAll();
  }
}
