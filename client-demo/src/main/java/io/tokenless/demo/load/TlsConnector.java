package io.tokenless.demo.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS connections with the handshake done in {@link #open()}, so its cost and its failures
 * belong to opening, not to the first request.
 *
 * <p>With {@code fullHandshakes} every connection gets a context of its own, hence an empty
 * session cache: nothing can be resumed and each connection pays for a full handshake, like
 * {@code wrk_tls_shim}'s {@code WRK_NO_RESUME=1}. Otherwise the contexts' shared cache lets
 * later connections resume, as a browser or curl would.
 */
final class TlsConnector implements Connector {
  private final InetSocketAddress address;
  private final String host;
  private final int timeoutMillis;
  private final TlsContexts.TlsMaterial material;
  private final SSLSocketFactory shared;
  private final boolean checkHostname;
  private final boolean fullHandshakes;

  TlsConnector(String host, int port, int timeoutMillis, TlsContexts.TlsMaterial material, boolean checkHostname,
      boolean fullHandshakes) {
    this.address = new InetSocketAddress(host, port);
    this.host = host;
    this.timeoutMillis = timeoutMillis;
    this.material = material;
    this.shared = material.newContext().getSocketFactory();
    this.checkHostname = checkHostname;
    this.fullHandshakes = fullHandshakes;
  }

  @Override
  public Socket open() throws IOException {
    Socket raw = PlainConnector.connect(address, timeoutMillis);
    try {
      SSLSocketFactory factory = fullHandshakes ? material.newContext().getSocketFactory() : shared;
      SSLSocket socket = (SSLSocket) factory.createSocket(raw, host, address.getPort(), true);
      if (checkHostname) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
      }
      socket.startHandshake();
      return socket;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }
}
