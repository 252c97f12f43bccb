package io.tokenless.demo.flows;

/** A demo step that cannot go on; its message is printed as the demo's last line. */
final class DemoFailure extends RuntimeException {
  DemoFailure(String message) {
    super(message, null, false, false);
  }
}
