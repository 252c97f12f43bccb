package io.tokenless.demo.load;

import java.io.IOException;
import java.net.Socket;

/**
 * One request on its own connection before the run, so a script can tell "the endpoint is not
 * there" (a 404 on the first request) from "the endpoint is slow".
 */
final class Preflight {
  private Preflight() {}

  /** @return the status of one request; the I/O error is thrown as is */
  static int status(Connector connector, RequestTemplate template, HeaderSource headers) throws IOException {
    int[] status = new int[1];
    IOException[] failure = new IOException[1];
    headers.runInContext(() -> {
      try (Socket socket = connector.open()) {
        byte[] request = headers.perRequest() ? template.render(headers.next()) : template.render();
        socket.getOutputStream().write(request);
        ResponseReader reader = new ResponseReader();
        reader.attach(socket.getInputStream());
        status[0] = reader.read(template.expectsBodilessResponse()).status();
      } catch (IOException e) {
        failure[0] = e;
      }
    });
    if (failure[0] != null) {
      throw failure[0];
    }
    return status[0];
  }
}
