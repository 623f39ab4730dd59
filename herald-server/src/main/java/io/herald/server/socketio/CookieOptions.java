package io.herald.server.socketio;

/**
 * The sticky-session cookie set on the Engine.IO handshake response, so that a load balancer can
 * route a session's later requests to the same node (needed for HTTP long-polling without shared
 * session state).
 *
 * @param name cookie name (default {@code io}); its value is the session id
 * @param path cookie path (default {@code /})
 * @param httpOnly not readable from scripts (default true)
 * @param sameSite {@code Strict}, {@code Lax} (default) or {@code None}
 */
public record CookieOptions(String name, String path, boolean httpOnly, String sameSite) {
  public static final CookieOptions DEFAULTS = new CookieOptions("io", "/", true, "Lax");

  public CookieOptions {
    if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("a cookie name is letters, digits, '_', '.', '-'");
    }
    if (!sameSite.equals("Strict") && !sameSite.equals("Lax") && !sameSite.equals("None")) {
      throw new IllegalArgumentException("sameSite is Strict, Lax or None");
    }
  }

  /** The Set-Cookie header value for session {@code sid}. */
  public String header(String sid) {
    return name
        + "="
        + sid
        + "; Path="
        + path
        + (httpOnly ? "; HttpOnly" : "")
        + "; SameSite="
        + sameSite
        + (sameSite.equals("None") ? "; Secure" : "");
  }
}
