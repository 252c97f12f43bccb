package io.tokenless.demo.load;

import java.io.IOException;

/** The server closed the connection before a whole response arrived; {@link #kind()} says when. */
final class ConnectionClosedException extends IOException {
  private final String kind;

  ConnectionClosedException(String kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** {@code closed-before-response} or {@code closed-mid-response}. */
  String kind() {
    return kind;
  }
}
