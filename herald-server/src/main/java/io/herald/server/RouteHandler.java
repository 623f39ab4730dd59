package io.herald.server;

/**
 * Answers the requests of one route. Called on a virtual thread; it may block. Throw {@link
 * HttpError} to answer with an error; any other exception answers 500 {@code internal_error}.
 */
@FunctionalInterface
public interface RouteHandler {
  Response handle(Request request) throws Exception;
}
