package io.tokenless.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each event as one JSON object per line (JSON Lines), to an appended file or a stream
 * such as standard error. Lines are written whole under a lock and flushed at once, so
 * concurrent requests never interleave and a crash loses no decision already taken.
 */
public final class JsonLinesAuditLog implements AuditLog {
  private static final Logger log = LoggerFactory.getLogger(JsonLinesAuditLog.class);
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .build();

  private final Writer out;
  private final boolean closeStream;
  private final String name;

  private JsonLinesAuditLog(Writer out, boolean closeStream, String name) {
    this.out = out;
    this.closeStream = closeStream;
    this.name = name;
  }

  /** Appends to {@code file}, creating it with mode 0600 semantics left to the umask. */
  public static JsonLinesAuditLog toFile(Path file) {
    try {
      Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      return new JsonLinesAuditLog(writer, true, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open audit log " + file, e);
    }
  }

  /** Writes to {@code stream}, which stays open when the log closes (standard error). */
  public static JsonLinesAuditLog toStream(OutputStream stream, String name) {
    return new JsonLinesAuditLog(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8)), false,
        name);
  }

  @Override
  public void record(AuditEvent event) {
    String line;
    try {
      line = MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      log.error("audit event not serialisable", e);
      return;
    }
    synchronized (out) {
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        log.error("cannot write to audit log {}: {}", name, e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    synchronized (out) {
      try {
        if (closeStream) {
          out.close();
        } else {
          out.flush();
        }
      } catch (IOException e) {
        log.warn("audit log {} did not close cleanly: {}", name, e.getMessage());
      }
    }
  }
}
