package io.tokenless.demo.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Questions to ask {@code /v1/lookup} about a {@link RoleDataset}: (user, project) pairs, half
 * taken from the users' own project grants (answers with roles) and half drawn at random (mostly
 * roles reached through groups and inheritance, or none), so a run covers both.
 */
public final class LookupQueries {
  private final RoleDataset data;
  private final Random random;
  private final long[] userGrants;

  public LookupQueries(RoleDataset data, long seed) {
    this.data = data;
    this.random = new Random(seed);
    this.userGrants = java.util.Arrays.stream(data.assignments)
        .filter(a -> RoleDataset.actorKind(a) == RoleDataset.USER && RoleDataset.targetKind(a) == RoleDataset.PROJECT)
        .toArray();
  }

  /** {@code count} request targets {@code /v1/lookup?user_id=…&project_id=…}, one a line. */
  public void writeUrls(Path file, int count) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int k = 0; k < count; k++) {
        int[] pair = next();
        out.write("/v1/lookup?user_id=" + data.userIds[pair[0]] + "&project_id=" + data.projectIds[pair[1]]);
        out.write('\n');
      }
    }
  }

  /** {@code count} bodies for {@code POST /v1/lookup}, {@code size} queries each, one body a line. */
  public void writeBatches(Path file, int count, int size) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int k = 0; k < count; k++) {
        StringBuilder body = new StringBuilder(size * 90).append("{\"queries\":[");
        for (int q = 0; q < size; q++) {
          int[] pair = next();
          body.append(q == 0 ? "" : ",").append("{\"user_id\":\"").append(data.userIds[pair[0]])
              .append("\",\"project_id\":\"").append(data.projectIds[pair[1]]).append("\"}");
        }
        out.write(body.append("]}\n").toString());
      }
    }
  }

  private int[] next() {
    if (userGrants.length > 0 && random.nextBoolean()) {
      long grant = userGrants[random.nextInt(userGrants.length)];
      return new int[] {RoleDataset.actor(grant), RoleDataset.target(grant)};
    }
    return new int[] {random.nextInt(data.userIds.length), random.nextInt(data.projectIds.length)};
  }
}
