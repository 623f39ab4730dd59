package io.herald.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.Option;

/** Where the server under test is: options shared by every benchmark. */
final class Target {
  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "server address, loopback only (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", required = true, description = "server port")
  int port;

  @Option(
      names = "--path",
      defaultValue = "/herald",
      description = "WebSocket path (default ${DEFAULT-VALUE})")
  String path;

  @Option(
      names = "--server-pid",
      description = "the server's process id, for its CPU and memory figures")
  String serverPid;

  @Option(
      names = "--label",
      defaultValue = "herald",
      description = "name of the server in the report (default ${DEFAULT-VALUE})")
  String label;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "event loop threads of the load generator (default ${DEFAULT-VALUE})")
  int threads;

  /** The server's socket address; refuses anything but loopback. */
  InetSocketAddress address() {
    try {
      InetAddress address = InetAddress.getByName(host);
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("--host must be a loopback address, got " + host);
      }
      return new InetSocketAddress(address, port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host " + host, e);
    }
  }

  String describe() {
    return label
        + " at "
        + host
        + ":"
        + port
        + path
        + (serverPid == null ? "" : " (pid " + serverPid + ")");
  }
}
