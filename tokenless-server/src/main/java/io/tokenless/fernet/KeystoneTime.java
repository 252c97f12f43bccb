package io.tokenless.fernet;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Keystone's time conventions: {@code expires_at} travels as a float of seconds since the epoch
 * (microsecond datetimes underneath), and times are rendered {@code YYYY-MM-DDTHH:MM:SS.000000Z}
 * with the microseconds dropped ({@code keystone.common.utils.isotime}).
 */
public final class KeystoneTime {

  private static final DateTimeFormatter RENDER =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'.000000Z'").withZone(ZoneOffset.UTC);
  private static final double MICROS_PER_SECOND = 1_000_000d;
  /** Beyond python's datetime range (year 9999) a float cannot be a Keystone time. */
  private static final double MAX_SECONDS = 253402300799d;

  private KeystoneTime() {}

  /**
   * python's {@code (dt - epoch).total_seconds()}: microseconds divided by 10^6 in one correctly
   * rounded step, so the result is bit-identical to the float Keystone packs.
   */
  public static double toFloat(Instant instant) {
    long micros = instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    return micros / MICROS_PER_SECOND;
  }

  /**
   * python's {@code datetime.utcfromtimestamp(f)}: the fraction rounded half-even to
   * microseconds.
   *
   * @throws IllegalArgumentException for NaN, infinities, negatives and times past year 9999
   */
  public static Instant fromFloat(double seconds) {
    if (!(seconds >= 0 && seconds <= MAX_SECONDS)) {
      throw new IllegalArgumentException("not a Keystone time: " + seconds);
    }
    long whole = (long) seconds;
    long micros = (long) Math.rint((seconds - whole) * MICROS_PER_SECOND);
    if (micros >= 1_000_000L) {
      whole++;
      micros -= 1_000_000L;
    }
    return Instant.ofEpochSecond(whole, micros * 1_000L);
  }

  /** As Keystone renders {@code expires_at} and {@code issued_at}: {@code ...:SS.000000Z}. */
  public static String render(Instant instant) {
    return RENDER.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
