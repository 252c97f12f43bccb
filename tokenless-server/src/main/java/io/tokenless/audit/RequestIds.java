package io.tokenless.audit;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;
import java.util.UUID;

/**
 * The id of a request, in OpenStack's form ({@code req-<uuid>}): made once per exchange, so the
 * authentication and authorisation events of one request share it, and returned to the client
 * in {@code X-OpenStack-Request-Id}.
 */
public final class RequestIds {
  public static final HttpString HEADER = new HttpString("X-OpenStack-Request-Id");
  private static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);

  private RequestIds() {}

  public static String of(HttpServerExchange exchange) {
    String id = exchange.getAttachment(KEY);
    if (id == null) {
      id = "req-" + UUID.randomUUID();
      exchange.putAttachment(KEY, id);
      exchange.getResponseHeaders().put(HEADER, id);
    }
    return id;
  }
}
