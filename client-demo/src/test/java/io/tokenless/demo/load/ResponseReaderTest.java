package io.tokenless.demo.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Response framing the servers in the comparison use, fed to the reader as bytes. */
class ResponseReaderTest {

  @Test
  void sizedResponses_followEachOtherOnOneConnection() throws IOException {
    ResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
        + "HTTP/1.1 404 Not Found\r\ncontent-length: 3\r\n\r\nno\n");

    assertThat(reader.read(false)).isEqualTo(new ResponseReader.Response(200, true));
    assertThat(reader.read(false)).isEqualTo(new ResponseReader.Response(404, true));
  }

  @Test
  void chunkedBody_withExtensionsAndTrailers_isSkippedExactly() throws IOException {
    ResponseReader reader = reader("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: yes\r\n\r\n"
        + "HTTP/1.1 204 No Content\r\n\r\n");

    assertThat(reader.read(false).status()).isEqualTo(200);
    assertThat(reader.read(false)).isEqualTo(new ResponseReader.Response(204, true));
  }

  @Test
  void bodyWithoutFraming_endsWithTheConnection_whichIsNotReused() throws IOException {
    // uwsgi's http-socket in front of Keystone strips Content-Length.
    ResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"version\": {}}");

    assertThat(reader.read(false)).isEqualTo(new ResponseReader.Response(200, false));
  }

  @Test
  void connectionClose_andHttp10_makeTheConnectionSingleUse() throws IOException {
    assertThat(reader("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").read(false).reusable())
        .isFalse();
    assertThat(reader("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").read(false).reusable()).isFalse();
    assertThat(reader("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").read(false)
        .reusable()).isTrue();
  }

  @Test
  void interimContinue_isSkipped_andHeadHasNoBody() throws IOException {
    ResponseReader reader = reader("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 10\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");

    assertThat(reader.read(true).status()).isEqualTo(201);
    assertThat(reader.read(false).status()).isEqualTo(200);
  }

  @Test
  void closeBeforeAnyByte_isReportedAsClosedBeforeResponse() {
    assertThatThrownBy(() -> reader("").read(false))
        .isInstanceOfSatisfying(ConnectionClosedException.class,
            e -> assertThat(e.kind()).isEqualTo("closed-before-response"));
    assertThatThrownBy(() -> reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort").read(false))
        .isInstanceOfSatisfying(ConnectionClosedException.class,
            e -> assertThat(e.kind()).isEqualTo("closed-mid-response"));
  }

  @Test
  void garbage_isAProtocolError() {
    assertThatThrownBy(() -> reader("SSH-2.0-OpenSSH_9.2\r\n\r\n").read(false)).isInstanceOf(ProtocolException.class);
  }

  @Test
  void bodyLargerThanTheBuffer_isSkippedAcrossReads() throws IOException {
    String big = "x".repeat(100_000);
    ResponseReader reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + big
        + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n186a0\r\n" + big + "\r\n0\r\n\r\n");

    assertThat(reader.read(false).status()).isEqualTo(200);
    assertThat(reader.read(false).status()).isEqualTo(200);
    assertThat(reader.bytesReceived()).isGreaterThan(200_000);
  }

  private static ResponseReader reader(String bytes) {
    ResponseReader reader = new ResponseReader();
    // A stream that hands out at most 7 bytes per read, so lines and bodies straddle reads.
    reader.attach(new ByteArrayInputStream(bytes.getBytes(StandardCharsets.ISO_8859_1)) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 7));
      }
    });
    return reader;
  }
}
