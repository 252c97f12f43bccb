package io.tokenless.demo.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Plain TCP connections with Nagle off, as every HTTP load tool uses them. */
final class PlainConnector implements Connector {
  private final InetSocketAddress address;
  private final int timeoutMillis;

  PlainConnector(String host, int port, int timeoutMillis) {
    this.address = new InetSocketAddress(host, port);
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Socket open() throws IOException {
    return connect(address, timeoutMillis);
  }

  static Socket connect(InetSocketAddress address, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(timeoutMillis);
      // An unresolved address (resolution failed at start) fails here, once per attempt.
      socket.connect(address.isUnresolved() ? new InetSocketAddress(address.getHostString(), address.getPort())
          : address, timeoutMillis);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }
}
