package io.tokenless.server;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start-up opened, closed in reverse order: on a failed start (so nothing half-started
 * outlives it) and on shutdown. A resource that fails to close is logged and the rest still close.
 */
public final class Resources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Resources.class);

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();

  /** Records {@code resource} and returns it. */
  public synchronized <T extends AutoCloseable> T add(T resource) {
    opened.push(resource);
    return resource;
  }

  @Override
  public synchronized void close() {
    while (!opened.isEmpty()) {
      AutoCloseable resource = opened.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("{} did not close cleanly", resource.getClass().getSimpleName(), e);
      }
    }
  }
}
