package io.tokenless.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names and reasons from tokens stay on one log line, visible, and short. */
class UntrustedTextTest {

  @Test
  void plainNames_areKeptAsTheyAre() {
    String name = "HTTP/host.example.com@EXAMPLE.COM";

    assertThat(UntrustedText.name(name)).isSameAs(name);
    assertThat(UntrustedText.name("a\\@b@R\u00e9ALM")).isEqualTo("a\\@b@R\u00e9ALM");
    assertThat(UntrustedText.name(null)).isEqualTo("null");
  }

  @Test
  void lineBreaksAndInvisibleCharacters_areEscaped() {
    assertThat(UntrustedText.name("h\r\nINFO forged")).isEqualTo("h\\r\\nINFO forged");
    assertThat(UntrustedText.name("a\tb\u0000c\u0085d\u2028e\u202ef\u200bg\u001b[31m"))
        .isEqualTo("a\\tb\\u0000c\\u0085d\\u2028e\\u202ef\\u200bg\\u001b[31m");
    assertThat(UntrustedText.name("lone \ud800 surrogate, pair \ud83d\ude00 kept"))
        .isEqualTo("lone \\ud800 surrogate, pair \ud83d\ude00 kept");
  }

  @Test
  void longNames_areCutWithoutSplittingAnEscape_andSayHowLongTheyWere() {
    String cut = UntrustedText.name("x".repeat(199) + "\n" + "y".repeat(300));

    assertThat(cut).isEqualTo("x".repeat(199) + "...(500 chars)");
    assertThat(UntrustedText.name("z".repeat(UntrustedText.MAX_NAME))).hasSize(UntrustedText.MAX_NAME);
  }

  @Test
  void rejectionReasons_areEscapedAndBounded_whoeverBuiltThem() {
    AcceptResult.Rejected rejected = new AcceptResult.Rejected("GSS: bad name " + "\r\n".repeat(1_000));

    assertThat(rejected.logReason()).doesNotContain("\r", "\n").startsWith("GSS: bad name \\r\\n")
        .hasSizeLessThanOrEqualTo(UntrustedText.MAX_REASON + 20);
  }
}
