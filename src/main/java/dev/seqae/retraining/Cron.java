package dev.seqae.retraining;

import dev.seqae.errors.InvalidInputException;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A standard five-field cron expression — minute, hour, day of month, month, day of week — with
 * {@code *}, lists ({@code 1,15}), ranges ({@code 1-5}), steps ({@code *}{@code /15}, {@code 0-30/10}),
 * month and day names ({@code JAN}, {@code MON}; Sunday is 0 or 7) and the shorthands
 * {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly}. As in cron, when
 * both day fields are restricted a day matches either. Times are those of the zone of the
 * {@link ZonedDateTime} given to {@link #next}.
 */
public final class Cron {
    private static final Map<String, String> SHORTHANDS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
    /** How far {@link #next} looks before it concludes the expression never fires (e.g. 30 February). */
    private static final int HORIZON_YEARS = 5;

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private Cron(String expression, String[] f) {
        this.expression = expression;
        minutes = field(f[0], "minute", 0, 59, null);
        hours = field(f[1], "hour", 0, 23, null);
        daysOfMonth = field(f[2], "day of month", 1, 31, null);
        months = field(f[3], "month", 1, 12, MONTHS);
        BitSet dow = field(f[4], "day of week", 0, 7, DAYS);
        if (dow.get(7)) {
            dow.set(0);
        }
        daysOfWeek = dow;
        anyDayOfMonth = f[2].equals("*") || f[2].equals("?");
        anyDayOfWeek = f[4].equals("*") || f[4].equals("?");
    }

    /** Parses {@code expression}; a malformed one is an error naming the field and what is wrong with it. */
    public static Cron parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidInputException("cron expression is empty");
        }
        String e = expression.trim();
        String expanded = SHORTHANDS.getOrDefault(e.toLowerCase(Locale.ROOT), e);
        String[] f = expanded.split("\\s+");
        if (f.length != 5) {
            throw new InvalidInputException("cron expression '" + expression + "' has " + f.length + " fields; "
                    + "expected 5: minute hour day-of-month month day-of-week (e.g. '0 3 * * *' = 03:00 every day)");
        }
        try {
            return new Cron(e, f);
        } catch (InvalidInputException ex) {
            throw new InvalidInputException("cron expression '" + expression + "': " + ex.getMessage());
        }
    }

    /**
     * The first matching minute strictly after {@code after}, in its zone; empty when the expression
     * never fires (within five years). Matching is on wall-clock time: a time that does not exist
     * (skipped when clocks go forward) fires right after the gap, as cron does, and a time that
     * occurs twice (clocks going back) fires once, at its first occurrence.
     */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        LocalDateTime t = after.toLocalDateTime().truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDateTime limit = t.plusYears(HORIZON_YEARS);
        while (t.isBefore(limit)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                ZonedDateTime z = ZonedDateTime.ofLocal(t, after.getZone(), null);
                if (z.isAfter(after)) {
                    return Optional.of(z);
                }
                t = t.plusMinutes(1);           // the second occurrence of an hour that repeats
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth && anyDayOfWeek) {
            return true;
        }
        if (anyDayOfMonth) {
            return dow;
        }
        if (anyDayOfWeek) {
            return dom;
        }
        return dom || dow;
    }

    private static BitSet field(String text, String name, int min, int max, String[] names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            if (part.isEmpty()) {
                throw new InvalidInputException(name + " field '" + text + "' has an empty list item");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), name, 1, max - min + 1, null, part);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw new InvalidInputException(name + " field: '" + part + "' is not a range a-b");
                }
                from = number(ends[0], name, min, max, names, part);
                to = number(ends[1], name, min, max, names, part);
                if (from > to) {
                    throw new InvalidInputException(name + " field: range '" + part + "' runs backwards");
                }
            } else {
                from = number(range, name, min, max, names, part);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String s, String name, int min, int max, String[] names, String part) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(s)) {
                    return names == MONTHS ? i + 1 : i;
                }
            }
        }
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " field: '" + s + "' in '" + part + "' is not a number"
                    + (names == null ? "" : " or a name (" + String.join(", ", names) + ")"));
        }
        if (v < min || v > max) {
            throw new InvalidInputException(name + " field: " + v + " in '" + part + "' is outside " + min + "-" + max);
        }
        return v;
    }

    @Override
    public String toString() {
        return expression;
    }
}
