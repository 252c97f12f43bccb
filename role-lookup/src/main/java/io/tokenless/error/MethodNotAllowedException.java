package io.tokenless.error;

import java.util.List;

/** The route exists, but not for this method: {@code 405} with an {@code Allow} header. */
public final class MethodNotAllowedException extends TokenlessException {
  private final List<String> allowed;

  public MethodNotAllowedException(String method, List<String> allowed) {
    super("method " + method + " is not allowed here", null);
    this.allowed = List.copyOf(allowed);
  }

  public List<String> allowed() {
    return allowed;
  }

  @Override
  public int status() {
    return 405;
  }

  @Override
  public String title() {
    return "Method Not Allowed";
  }
}
