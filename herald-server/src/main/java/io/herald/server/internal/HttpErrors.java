package io.herald.server.internal;

import io.herald.server.HttpError;
import io.herald.server.internal.transport.HttpResponses;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Turns an {@link HttpError} thrown by application code into its response. Any thread. */
public final class HttpErrors {
  private HttpErrors() {}

  /** The error's status, its JSON body {@code {"error","message"}} and its headers. */
  public static FullHttpResponse response(HttpError error) {
    FullHttpResponse response =
        HttpResponses.json(
            HttpResponseStatus.valueOf(error.status()),
            HttpResponses.errorBody(error.code(), error.getMessage()));
    error.headers().forEach((name, value) -> response.headers().set(name, value));
    return response;
  }
}
