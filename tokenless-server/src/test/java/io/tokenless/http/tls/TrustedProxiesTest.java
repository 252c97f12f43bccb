package io.tokenless.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which peers may forward a client certificate. */
class TrustedProxiesTest {
  @Test
  void cidrRanges_containTheirAddressesOnly() throws Exception {
    TrustedProxies proxies = TrustedProxies.of(List.of("10.1.0.0/16", "192.168.7.9", "fd00::/8"));

    assertThat(proxies.contains(InetAddress.getByName("10.1.255.3"))).isTrue();
    assertThat(proxies.contains(InetAddress.getByName("10.2.0.1"))).isFalse();
    assertThat(proxies.contains(InetAddress.getByName("192.168.7.9"))).isTrue();
    assertThat(proxies.contains(InetAddress.getByName("192.168.7.10"))).isFalse();
    assertThat(proxies.contains(InetAddress.getByName("fd12:3456::1"))).isTrue();
    assertThat(proxies.contains(InetAddress.getByName("fe80::1"))).isFalse();
  }

  @Test
  void noProxies_trustNobody() throws Exception {
    assertThat(TrustedProxies.none().isEmpty()).isTrue();
    assertThat(TrustedProxies.none().contains(InetAddress.getByName("127.0.0.1"))).isFalse();
  }

  @Test
  void zeroPrefix_trustsEveryAddressOfItsFamily() throws Exception {
    TrustedProxies everyone = TrustedProxies.of(List.of("0.0.0.0/0"));

    assertThat(everyone.contains(InetAddress.getByName("203.0.113.5"))).isTrue();
    assertThat(everyone.contains(InetAddress.getByName("::1"))).isFalse();
  }

  @Test
  void hostNamesAndBadPrefixes_areRefusedNamingTheEntry() {
    assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.example.com")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("proxy.example.com");
    assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/x"))).hasMessageContaining("prefix");
  }
}
