package io.tokenless.demo.load;

import java.io.IOException;

/**
 * Produces the header that must be new on every request (a fresh SPNEGO token). Called from
 * each connection's own thread, so implementations must be safe for concurrent use.
 */
interface HeaderSource {

  /** Sources with no per-request header. */
  HeaderSource NONE = new HeaderSource() {
    @Override
    public boolean perRequest() {
      return false;
    }

    @Override
    public String next() {
      throw new IllegalStateException("no per-request header");
    }
  };

  /** Whether {@link #next()} must be called for each request. */
  boolean perRequest();

  /** One header line, {@code Name: value}, no line end. Never logged: it is a credential. */
  String next() throws IOException;

  /**
   * Runs a connection's whole loop in whatever context {@link #next()} needs (a JAAS Subject
   * for Kerberos), entered once per thread rather than once per request.
   */
  default void runInContext(Runnable loop) {
    loop.run();
  }
}
