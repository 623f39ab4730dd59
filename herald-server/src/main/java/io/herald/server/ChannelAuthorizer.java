package io.herald.server;

/**
 * The application's say on a channel action, asked by every {@link ChannelRule} whose access is
 * {@code app}. Set it with {@link HeraldBuilder#channelAuthorizer}; a server whose rules use {@code
 * app} does not start without one.
 *
 * <p>Called on a virtual thread, ordered per connection; it may block (e.g. to ask a database).
 * While it runs, later requests of the same {@code /herald} connection wait, so replies keep
 * request order; other connections are not held up.
 */
@FunctionalInterface
public interface ChannelAuthorizer {
  /**
   * @param principal who the connection belongs to ({@link Principal#ANONYMOUS} when nobody signed
   *     in)
   * @return whether {@code principal} may do {@code action} on {@code channel}; {@code false} is
   *     answered with the error {@code forbidden}
   * @throws Exception a failure is logged and answered with {@code internal_error}
   */
  boolean authorize(Principal principal, ChannelAction action, String channel) throws Exception;
}
