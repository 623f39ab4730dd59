package io.herald.server.socketio;

import io.herald.server.OriginOptions;
import io.herald.server.internal.origin.OriginPolicy;
import java.util.List;

/**
 * Cross-origin access to one Engine.IO endpoint, polling and WebSocket alike. Empty (the default),
 * the server's {@link OriginOptions} apply; otherwise these replace them for this endpoint, with
 * the same rules: pages of the server's own origin and clients that send no {@code Origin} are
 * always allowed, any other origin is refused with 403 unless listed.
 *
 * @param origins origins allowed besides the server's own, e.g. {@code https://app.example.com},
 *     {@code https://*.example.com}, {@code "null"}, or {@code "*"} for any (not together with
 *     credentials)
 * @param credentials whether cookies and HTTP authentication may be sent along
 */
public record CorsOptions(List<String> origins, boolean credentials) {
  /** Follow the server's {@link OriginOptions}. */
  public static final CorsOptions NONE = new CorsOptions(List.of(), false);

  /**
   * @throws IllegalArgumentException if an entry is not an origin, {@code "*"} is combined with
   *     credentials, or credentials are asked for without origins (an empty list means the server's
   *     {@link OriginOptions}, credentials included, apply)
   */
  public CorsOptions {
    origins = List.copyOf(origins);
    if (origins.isEmpty() && credentials) {
      throw new IllegalArgumentException(
          "CorsOptions: credentials need origins; without origins the server's origins settings"
              + " (and their credentials) apply");
    }
    OriginPolicy.of(origins, credentials);
  }
}
