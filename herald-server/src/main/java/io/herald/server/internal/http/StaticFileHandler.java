package io.herald.server.internal.http;

import io.herald.protocol.ErrorCode;
import io.herald.server.StaticFiles;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpResponses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Serves files of a {@link StaticFiles} source under a URL prefix: {@code GET} and {@code HEAD},
 * {@code index.html} for folder paths, an ETag with {@code If-None-Match}, and no way out of the
 * source (no {@code ..}, no hidden files). Classpath files are cached after the first read; reading
 * happens on a virtual thread.
 */
public final class StaticFileHandler {
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("wasm", "application/wasm"));

  private record FileBody(byte[] bytes, String contentType, String etag) {}

  private final String prefix;
  private final StaticFiles source;
  private final Executor handlerThreads;
  private final Map<String, FileBody> cache = new ConcurrentHashMap<>();

  public StaticFileHandler(String prefix, StaticFiles source, Executor handlerThreads) {
    this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
    this.source = source;
    this.handlerThreads = handlerThreads;
  }

  /** Whether {@code path} lies under this handler's prefix. */
  boolean covers(String path) {
    return path.startsWith(prefix) || (path + "/").equals(prefix);
  }

  /** Serves the request (or answers 404 / 405). On the event loop. */
  public void handle(HttpExchange exchange) {
    String relative = relative(exchange.path());
    if (relative == null) {
      exchange.error(ErrorCode.NOT_FOUND, "no such file");
      return;
    }
    FileBody cached = cache.get(relative);
    if (cached != null) {
      answer(exchange, cached);
      return;
    }
    exchange.suspend();
    handlerThreads.execute(
        () -> {
          FileBody body;
          try {
            body = load(relative);
          } catch (IOException e) {
            body = null;
          }
          if (body == null) {
            exchange.error(ErrorCode.NOT_FOUND, "no such file");
          } else {
            answer(exchange, body);
          }
        });
  }

  private void answer(HttpExchange exchange, FileBody body) {
    String method = exchange.method().name();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      FullHttpResponse response =
          HttpResponses.error(ErrorCode.METHOD_NOT_ALLOWED, "static files accept GET and HEAD");
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      exchange.respond(response);
      return;
    }
    String ifNoneMatch = exchange.header(HttpHeaderNames.IF_NONE_MATCH);
    FullHttpResponse response;
    if (body.etag().equals(ifNoneMatch)) {
      response = HttpResponses.of(HttpResponseStatus.NOT_MODIFIED, body.contentType(), new byte[0]);
      response.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
    } else {
      response = HttpResponses.of(HttpResponseStatus.OK, body.contentType(), body.bytes());
    }
    response.headers().set(HttpHeaderNames.ETAG, body.etag());
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    response.headers().set("X-Content-Type-Options", "nosniff");
    exchange.respond(response);
  }

  /** The file path below the source, or {@code null} if the path may not be served. */
  private String relative(String path) {
    String rest = path.length() < prefix.length() ? "" : path.substring(prefix.length());
    if (rest.isEmpty() || rest.endsWith("/")) {
      rest = rest + "index.html";
    }
    for (String segment : rest.split("/", -1)) {
      if (segment.isEmpty()
          || segment.startsWith(".")
          || segment.indexOf('\\') >= 0
          || segment.indexOf('\0') >= 0) {
        return null;
      }
    }
    return rest;
  }

  /** Reads a file, or {@code null} when there is none. On a virtual thread. */
  private FileBody load(String relative) throws IOException {
    return switch (source) {
      case StaticFiles.Directory directory -> {
        Path file = directory.root().resolve(relative).normalize();
        if (!file.startsWith(directory.root()) || !Files.isRegularFile(file)) {
          yield null;
        }
        // Files on disk may change, so they are not cached; the ETag follows size and time.
        byte[] bytes = Files.readAllBytes(file);
        String etag =
            "W/\"" + bytes.length + "-" + Files.getLastModifiedTime(file).toMillis() + "\"";
        yield new FileBody(bytes, type(relative), etag);
      }
      case StaticFiles.Classpath classpath -> {
        String name = classpath.root().isEmpty() ? relative : classpath.root() + "/" + relative;
        URL url = classpath.loader().getResource(name);
        if (url == null || isDirectory(url)) {
          yield null;
        }
        byte[] bytes;
        try (InputStream in = url.openStream()) {
          bytes = in.readAllBytes();
        }
        FileBody body = new FileBody(bytes, type(relative), "\"" + digest(bytes) + "\"");
        cache.put(relative, body);
        yield body;
      }
    };
  }

  private static boolean isDirectory(URL url) {
    try {
      return url.getProtocol().equals("file") && Files.isDirectory(Path.of(url.toURI()));
    } catch (java.net.URISyntaxException e) {
      return true;
    }
  }

  private static String type(String name) {
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(extension, "application/octet-stream");
  }

  private static String digest(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
