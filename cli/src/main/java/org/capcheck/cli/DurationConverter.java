package org.capcheck.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * A duration on the command line: plain seconds ({@code 90}) or a number with a unit, {@code 5s},
 * {@code 2m}, {@code 1h}. At least one second and at most {@value #MAX_DAYS} days: a longer value is a
 * typo, and would overflow the clock arithmetic (nanoseconds in a long) beyond 292 years.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    static final long MAX_DAYS = 365;
    private static final long MAX_SECONDS = MAX_DAYS * 24 * 3600;

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("s") || v.endsWith("m") || v.endsWith("h")) {
            char u = v.charAt(v.length() - 1);
            unit = u == 's' ? 1 : u == 'm' ? 60 : 3600;
            v = v.substring(0, v.length() - 1);
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; use seconds (90) or "
                    + "a number with a unit: 5s, 2m, 1h");
        }
        if (n < 1 || n > MAX_SECONDS / unit) {
            throw new CommandLine.TypeConversionException("'" + value + "' is out of range: from 1 second to "
                    + MAX_DAYS + " days (" + MAX_SECONDS / 3600 + "h)");
        }
        return Duration.ofSeconds(n * unit);
    }
}
