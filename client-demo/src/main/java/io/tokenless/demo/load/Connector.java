package io.tokenless.demo.load;

import java.io.IOException;
import java.net.Socket;

/** Opens one connection to the target, ready for the first request (TLS handshake done). */
interface Connector {
  Socket open() throws IOException;
}
