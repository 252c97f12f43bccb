package io.tokenless.http.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of TLS-terminating proxies whose forwarded client certificate header is believed:
 * single addresses ({@code 10.0.0.5}, {@code ::1}) and CIDR ranges ({@code 10.0.0.0/8},
 * {@code fd00::/8}). Only literal addresses are accepted, never host names: a DNS answer must
 * not decide who may assert a client certificate.
 */
public final class TrustedProxies {
  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int bits = address.length * 8;
      BigInteger mask = prefix == 0 ? BigInteger.ZERO
          : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftRight(bits - prefix).shiftLeft(bits - prefix);
      return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
    }
  }

  private static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

  private final List<Range> ranges;
  private final List<String> specs;

  private TrustedProxies(List<Range> ranges, List<String> specs) {
    this.ranges = ranges;
    this.specs = specs;
  }

  /** Trusts no proxy: forwarded certificate headers are always ignored. */
  public static TrustedProxies none() {
    return NONE;
  }

  /** Parses {@code specs}; fails naming the bad entry. */
  public static TrustedProxies of(List<String> specs) {
    List<Range> ranges = new ArrayList<>();
    for (String spec : specs) {
      String text = spec.trim();
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      byte[] bytes = literal(address, spec);
      int prefix = bytes.length * 8;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("trusted proxy '" + spec + "': bad prefix length", e);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
          throw new IllegalArgumentException("trusted proxy '" + spec + "': prefix length out of range");
        }
      }
      ranges.add(new Range(bytes, prefix));
    }
    return new TrustedProxies(List.copyOf(ranges), List.copyOf(specs));
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    for (Range range : ranges) {
      if (range.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return specs.toString();
  }

  private static byte[] literal(String address, String spec) {
    boolean looksLiteral = address.contains(":") || address.matches("[0-9.]+");
    if (!looksLiteral) {
      throw new IllegalArgumentException("trusted proxy '" + spec + "': an IP address or CIDR range is required");
    }
    try {
      // With a literal, getByName parses and never resolves.
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("trusted proxy '" + spec + "': not an IP address", e);
    }
  }
}
