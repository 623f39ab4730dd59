package io.herald.core;

import java.util.Arrays;

/**
 * An immutable set of subscribers grouped by lane, so that dispatching an event costs one call per
 * lane rather than one per subscriber. Copy-on-write: subscribe and unsubscribe build a new
 * instance, dispatch reads one without locking.
 */
final class LaneGroups {
  static final LaneGroups EMPTY = new LaneGroups(new DeliveryLane[0], new Subscriber[0][]);

  private final DeliveryLane[] lanes;
  private final Subscriber[][] members;

  private LaneGroups(DeliveryLane[] lanes, Subscriber[][] members) {
    this.lanes = lanes;
    this.members = members;
  }

  LaneGroups plus(Subscriber subscriber) {
    DeliveryLane lane = subscriber.lane();
    for (int i = 0; i < lanes.length; i++) {
      if (lanes[i] == lane) {
        Subscriber[][] copy = members.clone();
        copy[i] = Arrays.copyOf(members[i], members[i].length + 1);
        copy[i][members[i].length] = subscriber;
        return new LaneGroups(lanes, copy);
      }
    }
    DeliveryLane[] newLanes = Arrays.copyOf(lanes, lanes.length + 1);
    newLanes[lanes.length] = lane;
    Subscriber[][] copy = Arrays.copyOf(members, members.length + 1);
    copy[members.length] = new Subscriber[] {subscriber};
    return new LaneGroups(newLanes, copy);
  }

  LaneGroups minus(Subscriber subscriber) {
    for (int i = 0; i < lanes.length; i++) {
      if (lanes[i] != subscriber.lane()) {
        continue;
      }
      Subscriber[] group = members[i];
      for (int j = 0; j < group.length; j++) {
        if (group[j] != subscriber) {
          continue;
        }
        if (group.length == 1) {
          return removeLane(i);
        }
        Subscriber[] smaller = new Subscriber[group.length - 1];
        System.arraycopy(group, 0, smaller, 0, j);
        System.arraycopy(group, j + 1, smaller, j, group.length - j - 1);
        Subscriber[][] copy = members.clone();
        copy[i] = smaller;
        return new LaneGroups(lanes, copy);
      }
    }
    return this;
  }

  private LaneGroups removeLane(int index) {
    if (lanes.length == 1) {
      return EMPTY;
    }
    DeliveryLane[] newLanes = new DeliveryLane[lanes.length - 1];
    Subscriber[][] newMembers = new Subscriber[lanes.length - 1][];
    for (int i = 0, k = 0; i < lanes.length; i++) {
      if (i != index) {
        newLanes[k] = lanes[i];
        newMembers[k++] = members[i];
      }
    }
    return new LaneGroups(newLanes, newMembers);
  }

  boolean isEmpty() {
    return lanes.length == 0;
  }

  int size() {
    int n = 0;
    for (Subscriber[] group : members) {
      n += group.length;
    }
    return n;
  }

  /** Hands the event to every lane; one {@link Fanout} shared by all of them. */
  void dispatch(ChannelEvent event) {
    if (lanes.length == 0) {
      return;
    }
    Fanout fanout = new Fanout(event, lanes.length);
    for (int i = 0; i < lanes.length; i++) {
      lanes[i].deliver(fanout, members[i]);
    }
  }
}
