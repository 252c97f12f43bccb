package io.tokenless.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.web.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditLogTest {
  @TempDir
  Path dir;

  private static AuditEvent event(int i) {
    return new AuditEvent(Instant.parse("2026-11-23T22:00:00Z"), "req-" + i, "authorization", "kerberos",
        "alice@EXAMPLE.COM", "u" + i, "project:p", List.of("member", "reader"), null, "allowed", null,
        "127.0.0.1:4000", "GET", "/compute/servers");
  }

  @Test
  void concurrentEvents_areWholeLinesOfJson_oneEach() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditLog log = JsonLinesAuditLog.toFile(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int i = 0; i < 2_000; i++) {
        int n = i;
        pool.execute(() -> log.record(event(n)));
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    List<JsonNode> events = Files.readAllLines(file).stream().map(JsonLinesAuditLogTest::json).toList();
    assertThat(events).hasSize(2_000);
    assertThat(events).extracting(e -> e.get("requestId").asText()).doesNotHaveDuplicates();
    JsonNode first = events.get(0);
    assertThat(first.get("time").asText()).isEqualTo("2026-11-23T22:00:00Z");
    assertThat(first.get("roles")).extracting(JsonNode::asText).containsExactly("member", "reader");
    assertThat(first.get("onBehalfOf").isNull()).isTrue();
  }

  @Test
  void reopening_appendsToTheExistingFile() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    try (JsonLinesAuditLog log = JsonLinesAuditLog.toFile(file)) {
      log.record(event(1));
    }
    try (JsonLinesAuditLog log = JsonLinesAuditLog.toFile(file)) {
      log.record(event(2));
    }

    assertThat(Files.readAllLines(file)).hasSize(2);
  }

  private static JsonNode json(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(line, e);
    }
  }
}
