package io.tokenless.auth.kerberos.krb5;

/**
 * The n-fold function of RFC 3961 section 5.1: stretches or shrinks a constant to the cipher's
 * block size for key derivation. Replicates the input to the least common multiple of both
 * lengths, rotating each copy 13 bits further right, and adds the output-sized chunks with
 * one's-complement (end-around carry) addition.
 */
public final class NFold {
  private NFold() {}

  /** {@code input} n-folded to {@code outputBytes} bytes. */
  public static byte[] fold(byte[] input, int outputBytes) {
    int inBytes = input.length;
    int inBits = inBytes * 8;
    int lcm = inBytes / gcd(inBytes, outputBytes) * outputBytes;
    byte[] out = new byte[outputBytes];
    int carry = 0;
    // Walk the lcm-long replicated stream from its last byte to its first, so that carries
    // propagate towards the front as in a big-endian addition.
    for (int i = lcm - 1; i >= 0; i--) {
      // The bit of the unrotated input that lands on the most significant bit of stream byte i:
      // copy number i / inBytes is rotated 13 bits per copy.
      int msbit = ((inBits - 1) + ((inBits + 13) * (i / inBytes)) + ((inBytes - (i % inBytes)) << 3)) % inBits;
      int high = input[((inBytes - 1) - (msbit >>> 3)) % inBytes] & 0xff;
      int low = input[(inBytes - (msbit >>> 3)) % inBytes] & 0xff;
      carry += (((high << 8) | low) >>> ((msbit & 7) + 1)) & 0xff;
      carry += out[i % outputBytes] & 0xff;
      out[i % outputBytes] = (byte) carry;
      carry >>>= 8;
    }
    // End-around carry of one's-complement addition.
    if (carry != 0) {
      for (int i = outputBytes - 1; i >= 0; i--) {
        carry += out[i] & 0xff;
        out[i] = (byte) carry;
        carry >>>= 8;
      }
    }
    return out;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int c = b;
      b = a % b;
      a = c;
    }
    return a;
  }
}
