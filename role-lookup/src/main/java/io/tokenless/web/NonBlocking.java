package io.tokenless.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Answering a request on the IO thread that read it, as long as it needs nothing but memory.
 *
 * <p>Handing a request to a worker thread and the connection back to the IO thread costs two
 * thread wake-ups and a selector wake-up per request, and on two cores every extra runnable
 * thread adds to the tail latency. Token validation usually needs only what is cached, so
 * {@link ErrorHandler} first tries such requests on the IO thread, inside an <em>attempt</em>.
 * Whatever would block (opening a database connection, an OCSP fetch) calls {@link #check}
 * first; inside an attempt that throws {@link WouldBlock}, and the request starts over on a
 * worker thread. So the code that blocks decides, in one place per resource, and no route has
 * to know which of its answers are cached.
 *
 * <p>An attempt may be thrown away, so effects that must happen once (audit events) go through
 * {@link #afterAttempt}.
 */
public final class NonBlocking {
  private static final ThreadLocal<List<Runnable>> DEFERRED = new ThreadLocal<>();

  private NonBlocking() {}

  /**
   * The attempt on this thread would block. An {@link Error}, not an exception, so that no
   * {@code catch (Exception e)} on the way turns it into an error response; it carries no stack
   * trace, since it is control flow.
   */
  public static final class WouldBlock extends Error {
    private WouldBlock(String what) {
      super(what, null, false, false);
    }
  }

  /**
   * Call before doing something that blocks ({@code what}, e.g. "database connection").
   *
   * @throws WouldBlock inside an attempt
   */
  public static void check(String what) {
    if (inAttempt()) {
      throw new WouldBlock(what);
    }
  }

  /** Whether this thread is inside an attempt, where {@link #check} throws. */
  public static boolean inAttempt() {
    return DEFERRED.get() != null;
  }

  /** Runs {@code effect} now, or inside an attempt once the attempt has finished without blocking. */
  public static void afterAttempt(Runnable effect) {
    List<Runnable> deferred = DEFERRED.get();
    if (deferred == null) {
      effect.run();
    } else {
      deferred.add(effect);
    }
  }

  /**
   * Runs {@code body} as an attempt. Returns {@code false} when it would have blocked; its
   * deferred effects are then dropped, and the caller runs the request again where it may block.
   */
  static boolean attempt(Runnable body) {
    List<Runnable> deferred = new ArrayList<>(2);
    DEFERRED.set(deferred);
    try {
      body.run();
    } catch (WouldBlock wouldBlock) {
      return false;
    } finally {
      DEFERRED.remove();
    }
    deferred.forEach(Runnable::run);
    return true;
  }
}
