package io.tokenless.demo.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes of one HTTP/1.1 request, assembled once. Only the per-request header (a fresh
 * {@code Authorization: Negotiate}) changes between requests, so everything else is a
 * prefix and a suffix that are copied, not formatted, per request.
 */
public final class RequestTemplate {
  private static final byte[] CRLF = {'\r', '\n'};

  private final byte[] prefix;
  private final byte[] suffix;
  private final byte[] whole;
  private final boolean bodiless;

  /**
   * @param method        request method, e.g. {@code GET}
   * @param target        where the request goes
   * @param headers       extra header lines {@code Name: value}, already validated
   * @param body          request body, empty for none
   * @param closeEachTime whether to send {@code Connection: close} (one connection per request)
   */
  public RequestTemplate(String method, Target target, List<String> headers, byte[] body, boolean closeEachTime) {
    StringBuilder head = new StringBuilder(256)
        .append(method).append(' ').append(target.requestTarget()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(target.hostHeader()).append("\r\n")
        .append("User-Agent: tokenless-load\r\n");
    boolean hasAccept = false;
    boolean hasContentType = false;
    for (String header : headers) {
      String name = header.substring(0, header.indexOf(':')).trim();
      hasAccept |= name.equalsIgnoreCase("Accept");
      hasContentType |= name.equalsIgnoreCase("Content-Type");
      head.append(header).append("\r\n");
    }
    if (!hasAccept) {
      head.append("Accept: */*\r\n");
    }
    if (closeEachTime) {
      head.append("Connection: close\r\n");
    }
    if (body.length > 0 || !(method.equals("GET") || method.equals("HEAD"))) {
      if (!hasContentType && body.length > 0) {
        head.append("Content-Type: application/json\r\n");
      }
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    this.prefix = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream tail = new ByteArrayOutputStream(body.length + 2);
    tail.writeBytes(CRLF);
    tail.writeBytes(body);
    this.suffix = tail.toByteArray();
    this.whole = concat(prefix, new byte[0], suffix);
    this.bodiless = method.equals("HEAD");
  }

  /** The request with no per-request header; the same array every time, never modified. */
  public byte[] render() {
    return whole;
  }

  /** The request with one extra header line ({@code Name: value}, no line end). */
  public byte[] render(String perRequestHeader) {
    byte[] line = perRequestHeader.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[prefix.length + line.length + CRLF.length + suffix.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    System.arraycopy(line, 0, out, prefix.length, line.length);
    System.arraycopy(CRLF, 0, out, prefix.length + line.length, CRLF.length);
    System.arraycopy(suffix, 0, out, prefix.length + line.length + CRLF.length, suffix.length);
    return out;
  }

  /** A {@code HEAD} response has headers only, whatever its Content-Length says. */
  public boolean expectsBodilessResponse() {
    return bodiless;
  }

  private static byte[] concat(byte[] a, byte[] b, byte[] c) {
    byte[] out = new byte[a.length + b.length + c.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    System.arraycopy(c, 0, out, a.length + b.length, c.length);
    return out;
  }
}
