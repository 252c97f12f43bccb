package io.tokenless.demo.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;

/**
 * Reads HTTP/1.1 responses off one connection by hand: status line, the three headers that
 * frame the body ({@code Content-Length}, {@code Transfer-Encoding}, {@code Connection}),
 * then skips the body, whether sized, chunked or delimited by the server closing the
 * connection (uwsgi's {@code http-socket} behind Keystone removes {@code Content-Length}).
 * Header names are compared as bytes so a response allocates nothing.
 *
 * <p>Not thread-safe: one reader per connection thread. {@link #attach} starts over on a new
 * connection.
 */
final class ResponseReader {
  private static final byte[] CONTENT_LENGTH = bytes("content-length");
  private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
  private static final byte[] CONNECTION = bytes("connection");
  private static final int MAX_LINE = 16 * 1024;

  private final byte[] buf = new byte[32 * 1024];
  private InputStream in;
  private int pos;
  private int limit;
  private long received;

  // Framing of the response being read.
  private long contentLength;
  private boolean chunked;
  private boolean close;
  private boolean keepAlive;

  /** Starts reading from a new connection; anything buffered from the old one is dropped. */
  void attach(InputStream in) {
    this.in = in;
    this.pos = 0;
    this.limit = 0;
  }

  /** Total bytes read from all connections so far. */
  long bytesReceived() {
    return received;
  }

  /**
   * Reads one whole response, skipping interim {@code 1xx} responses.
   *
   * @param bodiless the request was {@code HEAD}: the response has no body whatever it says
   * @return the final status and whether the connection may carry another request
   * @throws ConnectionClosedException when the server closed the connection early
   * @throws ProtocolException         when the bytes are not an HTTP/1.x response
   */
  Response read(boolean bodiless) throws IOException {
    int status;
    boolean first = true;
    do {
      status = readHead(first);
      first = false;
    } while (status >= 100 && status < 200 && status != 101);
    boolean noBody = bodiless || status == 204 || status == 304;
    boolean reusable = !close && keepAlive;
    if (!noBody) {
      if (chunked) {
        skipChunked();
      } else if (contentLength >= 0) {
        skip(contentLength);
      } else {
        // No framing: the body ends when the server closes the connection.
        skipToEnd();
        reusable = false;
      }
    }
    return new Response(status, reusable);
  }

  /** Reads the status line and headers; returns the status code. */
  private int readHead(boolean firstOfResponse) throws IOException {
    int end = lineEnd(firstOfResponse);
    int lineLength = trimmedLength(end);
    // "HTTP/1.1 200 OK": version at 0..7, status at 9..11
    if (lineLength < 12 || buf[pos] != 'H' || buf[pos + 4] != '/' || buf[pos + 5] != '1' || buf[pos + 6] != '.'
        || buf[pos + 8] != ' ') {
      throw new ProtocolException("not an HTTP/1.x status line");
    }
    boolean http10 = buf[pos + 7] == '0';
    int status = digit(pos + 9) * 100 + digit(pos + 10) * 10 + digit(pos + 11);
    pos = end + 1;
    contentLength = -1;
    chunked = false;
    close = false;
    keepAlive = !http10;
    while (true) {
      end = lineEnd(false);
      int length = trimmedLength(end);
      if (length == 0) {
        pos = end + 1;
        return status;
      }
      int colon = indexOf(':', pos, pos + length);
      if (colon < 0) {
        throw new ProtocolException("header line without a colon");
      }
      int valueStart = skipSpaces(colon + 1, pos + length);
      int valueEnd = pos + length;
      if (nameIs(CONTENT_LENGTH, colon)) {
        contentLength = parseDecimal(valueStart, valueEnd);
      } else if (nameIs(TRANSFER_ENCODING, colon)) {
        chunked = containsIgnoreCase(valueStart, valueEnd, "chunked");
      } else if (nameIs(CONNECTION, colon)) {
        if (containsIgnoreCase(valueStart, valueEnd, "close")) {
          close = true;
        } else if (containsIgnoreCase(valueStart, valueEnd, "keep-alive")) {
          keepAlive = true;
        }
      }
      pos = end + 1;
    }
  }

  private void skipChunked() throws IOException {
    while (true) {
      int end = lineEnd(false);
      long size = 0;
      int digits = 0;
      for (int i = pos; i < end; i++) {
        int v = Character.digit(buf[i], 16);
        if (v < 0) {
          break; // chunk extension (";...") or the CR
        }
        size = size * 16 + v;
        if (++digits > 15) {
          throw new ProtocolException("chunk size too large");
        }
      }
      if (digits == 0) {
        throw new ProtocolException("bad chunk size line");
      }
      pos = end + 1;
      if (size == 0) {
        // Trailer fields, then the empty line.
        while (true) {
          end = lineEnd(false);
          int length = trimmedLength(end);
          pos = end + 1;
          if (length == 0) {
            return;
          }
        }
      }
      skip(size);
      end = lineEnd(false);
      if (trimmedLength(end) != 0) {
        throw new ProtocolException("chunk data longer than its size");
      }
      pos = end + 1;
    }
  }

  private void skip(long n) throws IOException {
    while (n > 0) {
      if (pos == limit && !fill(false)) {
        throw new ConnectionClosedException("closed-mid-response", "connection closed inside a response body");
      }
      int step = (int) Math.min(n, limit - pos);
      pos += step;
      n -= step;
    }
  }

  private void skipToEnd() throws IOException {
    pos = limit;
    while (fill(false)) {
      pos = limit;
    }
  }

  /**
   * Index of the next {@code '\n'} at or after {@code pos}, reading more when needed.
   *
   * @param responseStart nothing of this response was read yet: an immediate close is the
   *                      server dropping an idle keep-alive connection, not a broken response
   */
  private int lineEnd(boolean responseStart) throws IOException {
    int scanFrom = pos;
    while (true) {
      for (int i = scanFrom; i < limit; i++) {
        if (buf[i] == '\n') {
          return i;
        }
      }
      scanFrom = limit;
      if (limit - pos >= MAX_LINE) {
        throw new ProtocolException("header line longer than " + MAX_LINE + " bytes");
      }
      boolean nothingYet = responseStart && limit == pos;
      int before = limit - pos;
      if (!fill(true)) {
        if (nothingYet) {
          throw new ConnectionClosedException("closed-before-response", "connection closed before a response");
        }
        throw new ConnectionClosedException("closed-mid-response", "connection closed inside response headers");
      }
      scanFrom = pos + before;
    }
  }

  /** Reads more bytes; with {@code keep} the unread part is moved to the front first. */
  private boolean fill(boolean keep) throws IOException {
    if (keep) {
      if (pos > 0) {
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        limit -= pos;
        pos = 0;
      }
    } else {
      pos = 0;
      limit = 0;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n <= 0) {
      return false;
    }
    limit += n;
    received += n;
    return true;
  }

  private int trimmedLength(int lineEnd) {
    int end = lineEnd;
    if (end > pos && buf[end - 1] == '\r') {
      end--;
    }
    return end - pos;
  }

  private boolean nameIs(byte[] lowerName, int colon) {
    int nameEnd = colon;
    while (nameEnd > pos && (buf[nameEnd - 1] == ' ' || buf[nameEnd - 1] == '\t')) {
      nameEnd--;
    }
    if (nameEnd - pos != lowerName.length) {
      return false;
    }
    for (int i = 0; i < lowerName.length; i++) {
      byte b = buf[pos + i];
      if (b >= 'A' && b <= 'Z') {
        b = (byte) (b + 32);
      }
      if (b != lowerName[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean containsIgnoreCase(int from, int to, String lowerWord) {
    int n = lowerWord.length();
    outer:
    for (int i = from; i + n <= to; i++) {
      for (int j = 0; j < n; j++) {
        byte b = buf[i + j];
        if (b >= 'A' && b <= 'Z') {
          b = (byte) (b + 32);
        }
        if (b != lowerWord.charAt(j)) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private long parseDecimal(int from, int to) throws ProtocolException {
    long value = 0;
    int digits = 0;
    for (int i = from; i < to && buf[i] >= '0' && buf[i] <= '9'; i++) {
      value = value * 10 + (buf[i] - '0');
      if (++digits > 18) {
        throw new ProtocolException("Content-Length too large");
      }
    }
    if (digits == 0) {
      throw new ProtocolException("bad Content-Length");
    }
    return value;
  }

  private int digit(int i) throws ProtocolException {
    byte b = buf[i];
    if (b < '0' || b > '9') {
      throw new ProtocolException("bad status code");
    }
    return b - '0';
  }

  private int indexOf(char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (buf[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private int skipSpaces(int from, int to) {
    int i = from;
    while (i < to && (buf[i] == ' ' || buf[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * One response as the load generator needs it.
   *
   * @param status    final status code
   * @param reusable  the connection may carry the next request
   */
  record Response(int status, boolean reusable) {}
}
