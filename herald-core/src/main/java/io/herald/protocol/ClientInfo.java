package io.herald.protocol;

/**
 * A connection as others see it in presence.
 *
 * @param client the connection's id, unique per server
 * @param user the authenticated user id, or {@code null} for an anonymous connection
 * @param info client-supplied presence info (unverified), or {@code null}
 */
public record ClientInfo(String client, String user, JsonData info) {
  public ClientInfo {
    if (client == null || client.isEmpty()) {
      throw new IllegalArgumentException("client id required");
    }
  }

  /** The same connection with different presence info. */
  public ClientInfo withInfo(JsonData newInfo) {
    return new ClientInfo(client, user, newInfo);
  }
}
