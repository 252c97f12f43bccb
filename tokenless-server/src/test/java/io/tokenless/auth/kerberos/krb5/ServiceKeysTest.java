package io.tokenless.auth.kerberos.krb5;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Keytab reloading: every change seen, revocation failing closed, forced looks rate-limited. */
class ServiceKeysTest {
  private static final String PRINCIPAL = "HTTP/h@EXAMPLE.COM";
  private static final int AES256 = 18;
  private static final long NEVER = Duration.ofHours(1).toNanos();

  @TempDir
  Path dir;

  private Path file;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureLogs() {
    file = dir.resolve("http.keytab");
    logs = new ListAppender<>();
    logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    logs.start();
    logger().addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger().detachAppender(logs);
  }

  private static Logger logger() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(ServiceKeys.class);
  }

  private List<String> warnings() {
    return logs.list.stream().filter(event -> event.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** A keytab with one aes256 key of {@link #PRINCIPAL}, version {@code kvno}, all bytes {@code fill}. */
  private static byte[] keytab(int kvno, int fill) throws IOException {
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(entry);
    out.writeShort(2);
    for (String data : new String[] {"EXAMPLE.COM", "HTTP", "h"}) {
      out.writeShort(data.length());
      out.write(data.getBytes(StandardCharsets.US_ASCII));
    }
    out.writeInt(1); // name type
    out.writeInt(0); // timestamp
    out.writeByte(kvno);
    out.writeShort(AES256);
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    out.writeShort(key.length);
    out.write(key);
    out.writeInt(kvno);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    DataOutputStream header = new DataOutputStream(file);
    header.writeShort(0x0502);
    header.writeInt(entry.size());
    header.write(entry.toByteArray());
    return file.toByteArray();
  }

  private static OptionalInt kvno(int kvno) {
    return OptionalInt.of(kvno);
  }

  @Test
  void deletedOrBrokenKeytab_leavesNoKeys_underANewGeneration_withOneWarningPerChange() throws Exception {
    Files.write(file, keytab(1, 1));
    ServiceKeys keys = ServiceKeys.load(file, 0);
    long loaded = keys.generation();
    assertThat(keys.find(PRINCIPAL, AES256, kvno(1))).isPresent();

    Files.delete(file);
    long deleted = keys.generation();
    assertThat(keys.find(PRINCIPAL, AES256, kvno(1))).isEmpty();
    assertThat(keys.generation()).as("no new generation per look while it stays gone").isEqualTo(deleted);

    Files.createDirectory(file); // present, but nothing a keytab can be read from
    assertThat(keys.find(PRINCIPAL, AES256, kvno(1))).isEmpty();
    Files.delete(file);
    Files.write(file, "not a keytab".getBytes(StandardCharsets.US_ASCII));
    long garbage = keys.generation();
    assertThat(keys.find(PRINCIPAL, AES256, kvno(1))).isEmpty();

    Files.write(file, keytab(1, 1));
    long restored = keys.generation();

    assertThat(keys.find(PRINCIPAL, AES256, kvno(1))).isPresent();
    assertThat(List.of(loaded, deleted, garbage, restored)).isSorted().doesNotHaveDuplicates();
    assertThat(warnings()).as("gone (then unreadable: the same state), then not a keytab").hasSize(2);
    assertThat(warnings().get(0)).contains("cannot be read");
    assertThat(warnings().get(1)).contains("not a valid keytab");
  }

  @Test
  void editInPlaceOfTheSameSize_keepingTheModificationTime_isSeen() throws Exception {
    Files.write(file, keytab(1, 1));
    FileTime modified = Files.getLastModifiedTime(file);
    ServiceKeys keys = ServiceKeys.load(file, 0);
    AesCtsHmacSha1.UsageKeys before = keys.find(PRINCIPAL, AES256, kvno(1)).orElseThrow().ticketKeys();
    long generation = keys.generation();

    Files.write(file, keytab(1, 2)); // same size, same file, key replaced
    Files.setLastModifiedTime(file, modified);

    assertThat(keys.generation()).isGreaterThan(generation);
    assertThat(keys.find(PRINCIPAL, AES256, kvno(1)).orElseThrow().ticketKeys().ke().getEncoded())
        .isNotEqualTo(before.ke().getEncoded());
  }

  @Test
  void absentOrZeroKvno_neverMakesTheKeytabBeReadBeforeItsInterval() throws Exception {
    Files.write(file, keytab(1, 1));
    ServiceKeys keys = ServiceKeys.load(file, NEVER, 0);
    Files.write(file, keytab(2, 2));

    assertThat(keys.find(PRINCIPAL, AES256, OptionalInt.empty()).orElseThrow().kvno()).isEqualTo(1);
    assertThat(keys.find(PRINCIPAL, AES256, kvno(0)).orElseThrow().kvno()).isEqualTo(1);
    assertThat(keys.find(PRINCIPAL, AES256, kvno(2)).orElseThrow().kvno()).as("a kvno not loaded: read at once")
        .isEqualTo(2);
  }

  @Test
  void unknownKvnos_makeTheKeytabBeReadAtMostOncePerForcedInterval() throws Exception {
    Files.write(file, keytab(1, 1));
    ServiceKeys keys = ServiceKeys.load(file, NEVER, NEVER);

    Files.write(file, keytab(2, 2));
    assertThat(keys.find(PRINCIPAL, AES256, kvno(2)).orElseThrow().kvno()).isEqualTo(2);
    Files.write(file, keytab(3, 3));
    long generation = keys.generation();

    assertThat(keys.find(PRINCIPAL, AES256, kvno(3)).orElseThrow().kvno()).as("the highest loaded").isEqualTo(2);
    assertThat(keys.find(PRINCIPAL, AES256, kvno(77)).orElseThrow().kvno()).isEqualTo(2);
    assertThat(keys.generation()).isEqualTo(generation);
  }
}
