package io.tokenless.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tokenless.error.BadRequestException;
import io.tokenless.error.PayloadTooLargeException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * JSON in and out of an exchange, with one configured mapper. Bodies are read with a size
 * limit and a nesting limit, and duplicate keys are rejected: malformed input becomes a
 * {@link BadRequestException}, never a 500.
 *
 * <p>Reading requires a blocking exchange (the handler runs on a worker thread).
 */
public final class Json {
  /** Default request body limit; large enough for a 1000-query lookup batch. */
  public static final int DEFAULT_MAX_BODY = 1 << 20;

  private static final int MAX_NESTING = 64;

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build());
  }

  private Json() {}

  /**
   * The request body limit of the server that received the exchange, put there by its root
   * handler; without it {@link #DEFAULT_MAX_BODY} applies.
   */
  public static final AttachmentKey<Integer> MAX_BODY = AttachmentKey.create(Integer.class);

  /**
   * Reads the request body as a JSON tree, up to the exchange's {@link #MAX_BODY}; an empty body
   * is a {@code 400}, a larger one a {@code 413}.
   */
  public static JsonNode readTree(HttpServerExchange exchange) {
    Integer limit = exchange.getAttachment(MAX_BODY);
    return readTree(exchange, limit == null ? DEFAULT_MAX_BODY : limit);
  }

  public static JsonNode readTree(HttpServerExchange exchange, int maxBytes) {
    byte[] body = readBody(exchange, maxBytes);
    if (body.length == 0) {
      throw new BadRequestException("a JSON request body is required");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new BadRequestException("a JSON request body is required");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BadRequestException("malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new BadRequestException("unreadable request body", e);
    }
  }

  /** Reads the request body as {@code type}; malformed or mistyped JSON is a {@code 400}. */
  public static <T> T read(HttpServerExchange exchange, Class<T> type) {
    JsonNode tree = readTree(exchange);
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("invalid request: " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("invalid request: " + e.getMessage(), e);
    }
  }

  /** The raw body, refusing more than {@code maxBytes} with a {@code 413}. */
  public static byte[] readBody(HttpServerExchange exchange, int maxBytes) {
    long declared = exchange.getRequestContentLength();
    if (declared > maxBytes) {
      throw new PayloadTooLargeException("request body exceeds " + maxBytes + " bytes");
    }
    if (!exchange.isBlocking()) {
      exchange.startBlocking();
    }
    try (InputStream in = exchange.getInputStream()) {
      byte[] body = in.readNBytes(maxBytes + 1);
      if (body.length > maxBytes) {
        throw new PayloadTooLargeException("request body exceeds " + maxBytes + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new BadRequestException("unreadable request body", e);
    }
  }

  /** Sends {@code body} as JSON with the given status and content type. */
  public static void send(HttpServerExchange exchange, int status, Object body, String contentType) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serialisable: " + body.getClass().getName(), e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
  }

  /** Sends {@code body} as {@code application/json}. */
  public static void send(HttpServerExchange exchange, int status, Object body) {
    send(exchange, status, body, "application/json");
  }
}
