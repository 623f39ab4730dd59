package io.herald.server.internal.origin;

import io.herald.server.OriginOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a request may proceed given its {@code Origin} header: no header (a non-browser
 * client) and the server's own origin always may; another origin only if the allowlist names it.
 * Immutable; called on event loops.
 */
public final class OriginPolicy {
  /** What the policy decided about one request. */
  public enum Verdict {
    /** No {@code Origin} header: not a browser's cross-site request. */
    NO_ORIGIN,
    /** The page was served by this server. */
    SAME_ORIGIN,
    /** Another origin that the allowlist names; it gets CORS headers. */
    ALLOWED,
    /** Another origin that the allowlist does not name: answered with 403. */
    REFUSED
  }

  private static final String ANY = "*";
  private static final String NULL_ORIGIN = "null";
  private static final String WILDCARD = "*.";

  private final boolean any;
  private final boolean nullOrigin;
  private final Set<WebOrigin> exact = new HashSet<>();
  // Each entry's host is the suffix a subdomain ends with, dot included (".example.com").
  private final List<WebOrigin> subdomains = new ArrayList<>();
  private final boolean credentials;

  private OriginPolicy(List<String> allowed, boolean credentials) {
    this.any = allowed.contains(ANY);
    this.nullOrigin = allowed.contains(NULL_ORIGIN);
    this.credentials = credentials;
    if (any && credentials) {
      // Browsers refuse "*" with credentials (Fetch, CORS check), and echoing every origin
      // instead would let any site act with its visitors' cookies.
      throw new IllegalArgumentException(
          "origins: '*' cannot be combined with credentials; list the allowed origins instead");
    }
    for (String entry : allowed) {
      if (entry.equals(ANY) || entry.equals(NULL_ORIGIN)) {
        continue;
      }
      int wildcard = entry.indexOf("://" + WILDCARD);
      try {
        if (wildcard < 0) {
          exact.add(WebOrigin.parse(entry));
        } else {
          WebOrigin parent = WebOrigin.parse(entry.replace("://" + WILDCARD, "://"));
          subdomains.add(new WebOrigin(parent.scheme(), "." + parent.host(), parent.port()));
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("origins: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The policy of {@code options}.
   *
   * @throws IllegalArgumentException if an entry is not an origin, or {@code "*"} is combined with
   *     credentials
   */
  public static OriginPolicy of(OriginOptions options) {
    return of(options.allowed(), options.credentials());
  }

  /**
   * The policy allowing {@code allowed} besides the server's own origin.
   *
   * @throws IllegalArgumentException if an entry is not an origin, or {@code "*"} is combined with
   *     credentials
   */
  public static OriginPolicy of(List<String> allowed, boolean credentials) {
    return new OriginPolicy(allowed, credentials);
  }

  /** Whether allowed cross-origin requests may carry credentials. */
  public boolean credentials() {
    return credentials;
  }

  /**
   * Judges a request.
   *
   * @param origin the {@code Origin} header, or {@code null}
   * @param host the {@code Host} header, or {@code null}
   * @param secure whether the request came over TLS
   */
  public Verdict judge(String origin, String host, boolean secure) {
    if (origin == null) {
      return Verdict.NO_ORIGIN;
    }
    if (origin.equals(NULL_ORIGIN)) {
      // Sandboxed frames and file: pages; many unrelated pages share this "origin".
      return nullOrigin ? Verdict.ALLOWED : Verdict.REFUSED;
    }
    WebOrigin parsed;
    try {
      parsed = WebOrigin.parse(origin);
    } catch (IllegalArgumentException e) {
      return Verdict.REFUSED;
    }
    if (sameOrigin(parsed, host, secure)) {
      return Verdict.SAME_ORIGIN;
    }
    return any || exact.contains(parsed) || isSubdomain(parsed) ? Verdict.ALLOWED : Verdict.REFUSED;
  }

  private boolean isSubdomain(WebOrigin origin) {
    for (WebOrigin parent : subdomains) {
      if (parent.scheme().equals(origin.scheme())
          && parent.port() == origin.port()
          && origin.host().endsWith(parent.host())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the page's origin is this server as the browser addressed it: the same host and port as
   * the {@code Host} header. Over TLS the page must be https too (an http page could be any man in
   * the middle's); over plain TCP either scheme is accepted, because a proxy in front may terminate
   * TLS.
   */
  private static boolean sameOrigin(WebOrigin origin, String host, boolean secure) {
    if (host == null) {
      return false;
    }
    boolean https = origin.scheme().equals("https");
    if ((!https && !origin.scheme().equals("http")) || (secure && !https)) {
      return false;
    }
    // A Host without a port names the default port of the scheme the page used (RFC 9110 §7.2).
    WebOrigin.Authority authority =
        WebOrigin.authority(host, WebOrigin.defaultPort(origin.scheme()));
    return authority != null
        && authority.host().equals(origin.host())
        && authority.port() == origin.port();
  }
}
