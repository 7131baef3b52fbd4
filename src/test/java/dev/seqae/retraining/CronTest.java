package dev.seqae.retraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.errors.InvalidInputException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CronTest {
    static final ZoneId UTC = ZoneId.of("UTC");

    static ZonedDateTime at(String iso) {
        return ZonedDateTime.parse(iso);
    }

    static String next(String cron, String after) {
        return Cron.parse(cron).next(at(after)).map(ZonedDateTime::toString).orElse("never");
    }

    @Test
    void nextTimesOfCommonSchedules() {
        assertEquals("2026-11-29T03:00Z[UTC]", next("0 3 * * *", "2026-11-29T02:59:30Z[UTC]"));
        assertEquals("2026-11-30T03:00Z[UTC]", next("0 3 * * *", "2026-11-29T03:00Z[UTC]"), "strictly after");
        assertEquals("2026-11-29T10:45Z[UTC]", next("*/15 * * * *", "2026-11-29T10:31Z[UTC]"));
        assertEquals("2026-11-30T09:00Z[UTC]", next("0 9 * * MON-FRI", "2026-11-28T12:00Z[UTC]"), "Saturday -> Monday");
        assertEquals("2026-12-01T00:00Z[UTC]", next("@monthly", "2026-11-29T00:00Z[UTC]"));
        assertEquals("2027-01-01T00:00Z[UTC]", next("@yearly", "2026-11-29T00:00Z[UTC]"));
        assertEquals("2026-11-29T12:00Z[UTC]", next("0 0-23/6 * * *", "2026-11-29T07:00Z[UTC]"));
        assertEquals("2028-02-29T00:00Z[UTC]", next("0 0 29 feb *", "2026-11-29T00:00Z[UTC]"), "leap day");
        assertEquals("2026-11-29T00:00Z[UTC]", next("0 0 * * 7", "2026-11-28T00:00Z[UTC]"), "7 is Sunday");
        // both day fields restricted: either matches (the 1st, or a Friday)
        assertEquals("2026-12-01T00:00Z[UTC]", next("0 0 1 * fri", "2026-11-29T00:00Z[UTC]"));
        assertEquals("2026-12-04T00:00Z[UTC]", next("0 0 1 * fri", "2026-12-01T00:00Z[UTC]"));
        assertEquals("never", next("0 0 30 2 *", "2026-11-29T00:00Z[UTC]"));
    }

    @Test
    void aScheduleFollowsItsZoneAcrossDaylightSaving() {
        ZonedDateTime before = ZonedDateTime.of(2026, 3, 28, 12, 0, 0, 0, ZoneId.of("Europe/Berlin"));
        Optional<ZonedDateTime> n = Cron.parse("30 2 * * *").next(before);
        // 02:30 does not exist on 29 March 2026 in Berlin (clocks jump 02:00 -> 03:00)
        assertEquals("2026-03-29T03:30+02:00[Europe/Berlin]", n.orElseThrow().toString());
        assertEquals("2026-03-30T02:30+02:00[Europe/Berlin]", Cron.parse("30 2 * * *").next(n.get()).orElseThrow()
                .toString());
    }

    @Test
    void mistakesNameTheFieldAndTheText() {
        assertTrue(message("0 3 * *").contains("has 4 fields; expected 5"), message("0 3 * *"));
        assertEquals("cron expression '61 3 * * *': minute field: 61 in '61' is outside 0-59", message("61 3 * * *"));
        assertEquals("cron expression '0 3 * * MON-XYZ': day of week field: 'XYZ' in 'MON-XYZ' is not a number or a "
                + "name (SUN, MON, TUE, WED, THU, FRI, SAT)", message("0 3 * * MON-XYZ"));
        assertEquals("cron expression '0 5-2 * * *': hour field: range '5-2' runs backwards", message("0 5-2 * * *"));
        assertEquals("cron expression '*/0 * * * *': minute field: 0 in '*/0' is outside 1-60", message("*/0 * * * *"));
        assertEquals("cron expression is empty", message(" "));
    }

    static String message(String cron) {
        return assertThrows(InvalidInputException.class, () -> Cron.parse(cron)).getMessage();
    }
}
