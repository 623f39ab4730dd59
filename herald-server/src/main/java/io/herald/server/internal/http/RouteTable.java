package io.herald.server.internal.http;

import io.herald.server.RouteHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The application's HTTP routes: a method and a path pattern whose segments are literals or {@code
 * {name}} placeholders ({@code /users/{id}/posts}). A literal segment wins over a placeholder.
 * Built before the server starts, read-only afterwards.
 */
public final class RouteTable {
  /** The outcome of matching a request. */
  public sealed interface Match {}

  /** A route matched. */
  public record Found(RouteHandler handler, Map<String, String> params) implements Match {}

  /** The path matched, but not with this method. */
  public record WrongMethod(Set<String> allowed) implements Match {}

  /** Nothing matched. */
  public record Missing() implements Match {}

  private record Route(String method, String[] segments, RouteHandler handler, int literals) {}

  private final List<Route> routes = new ArrayList<>();

  /**
   * Adds a route.
   *
   * @throws IllegalArgumentException for a malformed pattern or a duplicate route
   */
  public void add(String method, String pattern, RouteHandler handler) {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a route pattern starts with '/': " + pattern);
    }
    String[] segments = split(pattern);
    int literals = 0;
    for (String segment : segments) {
      if (segment.startsWith("{") != segment.endsWith("}") || segment.equals("{}")) {
        throw new IllegalArgumentException("malformed route segment '" + segment + "'");
      }
      if (!segment.startsWith("{")) {
        literals++;
      }
    }
    for (Route route : routes) {
      if (route.method().equals(method) && sameShape(route.segments(), segments)) {
        throw new IllegalArgumentException("duplicate route " + method + " " + pattern);
      }
    }
    routes.add(new Route(method, segments, handler, literals));
  }

  public Match match(String method, String path) {
    String[] segments = split(path);
    Route best = null;
    Set<String> allowed = new TreeSet<>();
    for (Route route : routes) {
      if (!matches(route.segments(), segments)) {
        continue;
      }
      boolean methodMatches =
          route.method().equals(method) || (method.equals("HEAD") && route.method().equals("GET"));
      if (!methodMatches) {
        allowed.add(route.method());
      } else if (best == null || route.literals() > best.literals()) {
        best = route;
      }
    }
    if (best != null) {
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < segments.length; i++) {
        String segment = best.segments()[i];
        if (segment.startsWith("{")) {
          params.put(segment.substring(1, segment.length() - 1), segments[i]);
        }
      }
      return new Found(best.handler(), params);
    }
    return allowed.isEmpty() ? new Missing() : new WrongMethod(allowed);
  }

  private static boolean matches(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return false;
    }
    for (int i = 0; i < pattern.length; i++) {
      if (!pattern[i].startsWith("{") && !pattern[i].equals(path[i])) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameShape(String[] a, String[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      boolean placeholder = a[i].startsWith("{");
      if (placeholder != b[i].startsWith("{") || (!placeholder && !a[i].equals(b[i]))) {
        return false;
      }
    }
    return true;
  }

  private static String[] split(String path) {
    String trimmed =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
  }
}
