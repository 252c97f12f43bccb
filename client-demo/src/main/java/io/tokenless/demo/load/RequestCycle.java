package io.tokenless.demo.load;

import java.util.List;

/**
 * The requests a run sends: one, or many (a list of URLs or bodies) that every connection walks
 * through in turn, each connection starting at its own place so that concurrent connections
 * ask different questions. All are rendered before the run; the hot loop only moves an index.
 */
final class RequestCycle {
  private final RequestTemplate[] templates;

  RequestCycle(List<RequestTemplate> templates) {
    if (templates.isEmpty()) {
      throw new IllegalArgumentException("no request to send");
    }
    this.templates = templates.toArray(RequestTemplate[]::new);
  }

  static RequestCycle of(RequestTemplate template) {
    return new RequestCycle(List.of(template));
  }

  int size() {
    return templates.length;
  }

  /** Where connection {@code index} of {@code connections} starts: spread evenly over the list. */
  int start(int index, int connections) {
    return (int) ((long) templates.length * index / connections);
  }

  RequestTemplate at(int position) {
    return templates[position];
  }

  /** The position after {@code position}, wrapping at the end. */
  int after(int position) {
    int next = position + 1;
    return next == templates.length ? 0 : next;
  }
}
