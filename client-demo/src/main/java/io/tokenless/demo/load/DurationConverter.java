package io.tokenless.demo.load;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 20s}, {@code 500ms}, {@code 2m}, {@code 1.5s}; a bare number is seconds, as in wrk. */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    double factorNanos;
    String number;
    if (v.endsWith("ms")) {
      factorNanos = 1e6;
      number = v.substring(0, v.length() - 2);
    } else if (v.endsWith("s")) {
      factorNanos = 1e9;
      number = v.substring(0, v.length() - 1);
    } else if (v.endsWith("m")) {
      factorNanos = 60e9;
      number = v.substring(0, v.length() - 1);
    } else {
      factorNanos = 1e9;
      number = v;
    }
    try {
      double amount = Double.parseDouble(number);
      if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) {
        throw new NumberFormatException();
      }
      return Duration.ofNanos(Math.round(amount * factorNanos));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a duration like 20s, 500ms or 2m");
    }
  }
}
