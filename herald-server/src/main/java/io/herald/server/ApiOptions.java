package io.herald.server;

/**
 * The HTTP publish API ({@code POST /api/publish}).
 *
 * @param key the key callers present as {@code Authorization: Bearer KEY}; {@code null} (the
 *     default) disables the API
 */
public record ApiOptions(String key) {
  public static final ApiOptions DEFAULTS = new ApiOptions(null);

  public ApiOptions {
    if (key != null && key.length() < 8) {
      throw new IllegalArgumentException("the API key must be at least 8 characters");
    }
  }

  @Override
  public String toString() {
    return "ApiOptions[key=" + (key == null ? "none" : "***") + "]";
  }
}
