package io.herald.core;

/**
 * The live subscribers of one channel on this node. Mutations are serialised by the instance's
 * monitor; dispatch reads a snapshot without locking. Once its last subscriber leaves, the instance
 * is retired and the engine makes a new one on the next subscribe.
 */
final class ChannelState {
  final String name;
  private volatile LaneGroups all = LaneGroups.EMPTY;
  private volatile LaneGroups watchers = LaneGroups.EMPTY;
  private boolean retired;

  ChannelState(String name) {
    this.name = name;
  }

  /** Adds a subscriber; {@code false} if this instance was retired (use a fresh one). */
  synchronized boolean add(Subscriber subscriber) {
    if (retired) {
      return false;
    }
    all = all.plus(subscriber);
    if (subscriber.presenceEvents()) {
      watchers = watchers.plus(subscriber);
    }
    return true;
  }

  /**
   * Removes a subscriber; the instance retires when that leaves it empty.
   *
   * @return whether the subscriber was subscribed
   */
  synchronized boolean remove(Subscriber subscriber) {
    LaneGroups next = all.minus(subscriber);
    if (next == all) {
      return false;
    }
    all = next;
    watchers = watchers.minus(subscriber);
    retired = next.isEmpty();
    return true;
  }

  synchronized boolean isRetired() {
    return retired;
  }

  int size() {
    return all.size();
  }

  void dispatch(ChannelEvent event) {
    (event instanceof PresenceChange ? watchers : all).dispatch(event);
  }
}
