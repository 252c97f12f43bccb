package io.tokenless.demo.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLException;

/**
 * Drives one connection from its own thread: write a request, read the response, record it,
 * again, until the schedule ends. The connection is kept alive unless the server closes it or
 * {@code newConnectionPerRequest} asks for a new one (connecting and the TLS handshake then
 * count in each request's latency).
 *
 * <p>With a rate the requests follow a fixed schedule and a late one is measured from when it
 * should have started, so a stalled server shows up in the latencies instead of hiding in the
 * gap (coordinated omission, as wrk2 handles it).
 */
final class ConnectionWorker implements Runnable {
  // After a failed connect, wait a little: a dead server must not turn the loop into a spin.
  private static final long CONNECT_BACKOFF_NANOS = 10_000_000L;

  private final int index;
  private final int connections;
  private final Schedule schedule;
  private final Connector connector;
  private final RequestCycle requests;
  private final HeaderSource headers;
  private final boolean newConnectionPerRequest;
  private final WorkerStats stats = new WorkerStats();
  private final ResponseReader reader = new ResponseReader();

  private Socket socket;
  private OutputStream out;
  private int position;

  ConnectionWorker(int index, int connections, Schedule schedule, Connector connector, RequestCycle requests,
      HeaderSource headers, boolean newConnectionPerRequest) {
    this.index = index;
    this.connections = connections;
    this.schedule = schedule;
    this.connector = connector;
    this.requests = requests;
    this.position = requests.start(index, connections);
    this.headers = headers;
    this.newConnectionPerRequest = newConnectionPerRequest;
  }

  WorkerStats stats() {
    return stats;
  }

  @Override
  public void run() {
    headers.runInContext(this::loop);
  }

  private void loop() {
    long next = schedule.firstStart(index, connections);
    Schedule.parkUntil(next);
    try {
      while (true) {
        long now = System.nanoTime();
        long intended;
        if (schedule.paced()) {
          if (Schedule.reached(next, schedule.end())) {
            break;
          }
          Schedule.parkUntil(next);
          intended = next;
          next += schedule.intervalNanos();
        } else {
          if (Schedule.reached(now, schedule.end())) {
            break;
          }
          intended = now;
        }
        exchange(intended, Schedule.reached(intended, schedule.measureStart()));
      }
    } finally {
      closeQuietly();
      stats.finishedAt = System.nanoTime();
    }
  }

  /** One request and its response; counted only when scheduled inside the measured window. */
  private void exchange(long intended, boolean counted) {
    long started = System.nanoTime();
    // True only while connecting (and handshaking): a failure there is a connect error, and the
    // loop backs off before the next attempt.
    boolean connecting = false;
    try {
      if (socket == null) {
        connecting = true;
        open(counted);
        connecting = false;
      }
      RequestTemplate template = requests.at(position);
      position = requests.after(position);
      byte[] request = headers.perRequest() ? template.render(headers.next()) : template.render();
      long receivedBefore = reader.bytesReceived();
      out.write(request);
      ResponseReader.Response response = reader.read(template.expectsBodilessResponse());
      long done = System.nanoTime();
      if (!counted) {
        stats.warmupResponses++;
      } else {
        stats.bytesSent += request.length;
        stats.bytesReceived += reader.bytesReceived() - receivedBefore;
        stats.response(response.status(), done - intended, done - started);
      }
      if (!response.reusable() || newConnectionPerRequest) {
        closeQuietly();
      }
    } catch (IOException | RuntimeException e) {
      if (counted) {
        stats.ioError(kind(e, connecting), e);
      }
      closeQuietly();
      if (connecting) {
        Schedule.parkUntil(System.nanoTime() + CONNECT_BACKOFF_NANOS);
      }
    }
  }

  private void open(boolean counted) throws IOException {
    socket = connector.open();
    if (counted) {
      stats.connectionsOpened++;
    }
    out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    reader.attach(in);
  }

  private static String kind(Exception e, boolean connecting) {
    if (e instanceof ConnectionClosedException closed) {
      return closed.kind();
    }
    if (e instanceof SpnegoHeaderSource.MintFailedException) {
      return "mint-failed";
    }
    if (e instanceof SocketTimeoutException) {
      return connecting ? "connect-timeout" : "read-timeout";
    }
    if (e instanceof ConnectException) {
      return "connect-refused";
    }
    if (e instanceof SSLException) {
      return "tls";
    }
    if (e instanceof ProtocolException) {
      return "bad-response";
    }
    return (connecting ? "connect-" : "io-") + e.getClass().getSimpleName();
  }

  private void closeQuietly() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // The connection is being dropped either way; a failed close changes nothing measured.
      }
      socket = null;
      out = null;
    }
  }
}
