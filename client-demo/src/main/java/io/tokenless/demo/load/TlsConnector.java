package io.tokenless.demo.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS connections with the handshake done in {@link #open()}, so its cost and its failures
 * belong to opening, not to the first request.
 *
 * <p>With {@code fullHandshakes} every session is invalidated as soon as it is established,
 * which keeps it (and, in TLS 1.3, the tickets that arrive after it) out of the client session
 * cache: the next connection cannot resume and pays for a full handshake, like
 * {@code wrk_tls_shim}'s {@code WRK_NO_RESUME=1}.
 */
final class TlsConnector implements Connector {
  private final InetSocketAddress address;
  private final String host;
  private final int timeoutMillis;
  private final SSLSocketFactory factory;
  private final boolean checkHostname;
  private final boolean fullHandshakes;

  TlsConnector(String host, int port, int timeoutMillis, SSLContext context, boolean checkHostname,
      boolean fullHandshakes) {
    this.address = new InetSocketAddress(host, port);
    this.host = host;
    this.timeoutMillis = timeoutMillis;
    this.factory = context.getSocketFactory();
    this.checkHostname = checkHostname;
    this.fullHandshakes = fullHandshakes;
  }

  @Override
  public Socket open() throws IOException {
    Socket raw = PlainConnector.connect(address, timeoutMillis);
    try {
      SSLSocket socket = (SSLSocket) factory.createSocket(raw, host, address.getPort(), true);
      if (checkHostname) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
      }
      socket.startHandshake();
      if (fullHandshakes) {
        socket.getSession().invalidate();
      }
      return socket;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
