package io.tokenless.demo.services;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The three demo services, each a small Undertow app meant to sit behind the Tokenless gateway
 * ({@code /compute/}, {@code /image/}, {@code /network/}). Ports may be 0; the bound ports are
 * then told by {@link #ports()}.
 */
public final class DemoServices implements AutoCloseable {

  /** Listening ports of the three services; the demo defaults follow OpenStack's. */
  public record Ports(int compute, int image, int network) {
    public static final Ports OPENSTACK = new Ports(8774, 9292, 9696);
    public static final Ports ANY = new Ports(0, 0, 0);
  }

  private final Deque<ServiceApp> apps;
  private final Ports ports;

  private DemoServices(Deque<ServiceApp> apps, Ports ports) {
    this.apps = apps;
    this.ports = ports;
  }

  /**
   * Starts the services on {@code host}; compute calls the others through the gateway as
   * {@code compute}.
   */
  public static DemoServices start(String host, Ports ports, ServiceIdentity compute) {
    Deque<ServiceApp> apps = new ArrayDeque<>();
    try {
      ServiceApp image = ServiceApp.start("image", host, ports.image(), ImageService.routes());
      apps.push(image);
      ServiceApp network = ServiceApp.start("network", host, ports.network(), NetworkService.routes());
      apps.push(network);
      ServiceApp computeApp = ServiceApp.start("compute", host, ports.compute(), new ComputeService(compute).routes());
      apps.push(computeApp);
      return new DemoServices(apps, new Ports(computeApp.port(), image.port(), network.port()));
    } catch (RuntimeException e) {
      apps.forEach(ServiceApp::close);
      throw e;
    }
  }

  public Ports ports() {
    return ports;
  }

  @Override
  public void close() {
    while (!apps.isEmpty()) {
      apps.pop().close();
    }
  }
}
