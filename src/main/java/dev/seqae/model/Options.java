package dev.seqae.model;

import dev.seqae.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/** Small helpers for option values. */
public final class Options {
    private Options() {
    }

    /** Parses an enum constant written in any case with '-' for '_' ("mean-k-sigma"). */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String option, String value) {
        String key = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(key)) {
                return e;
            }
        }
        throw new InvalidInputException(option + ": unknown value '" + value + "' (expected one of "
                + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Options::display).toList()) + ")");
    }

    public static String display(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static int[] sizes(String option, String value) {
        try {
            return Arrays.stream(value.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new InvalidInputException(option + ": expected comma-separated layer sizes like 64,32, got '"
                    + value + "'");
        }
    }
}
