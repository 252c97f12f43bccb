package io.tokenless.demo.load;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code client-demo hello-server}: the cheapest possible endpoint (Undertow, answered on the
 * I/O thread), to measure what the load generator itself can drive on this machine.
 */
@Command(name = "hello-server", mixinStandardHelpOptions = true,
    description = "Serve GET /hello (200, 'hello', Content-Length) on 127.0.0.1 until stopped.")
public final class HelloServerCommand implements Callable<Integer> {
  private static final ByteBuffer HELLO = ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII));

  @Option(names = "--port", defaultValue = "0", description = "port; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--io-threads", defaultValue = "1", description = "Undertow I/O threads (default: ${DEFAULT-VALUE})")
  int ioThreads;

  @Override
  public Integer call() throws InterruptedException {
    Undertow server = Undertow.builder()
        .setIoThreads(ioThreads)
        .setWorkerThreads(1)
        .addHttpListener(port, "127.0.0.1")
        .setHandler(exchange -> {
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
          exchange.getResponseSender().send(HELLO.duplicate());
        })
        .build();
    server.start();
    int bound = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    System.out.println("hello-server ready: http://127.0.0.1:" + bound + "/hello");
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    Thread.currentThread().join();
    return 0;
  }
}
