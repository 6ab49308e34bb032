package io.tocsin.collector.traffic;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Hand-written parsing of the time stamps that start log lines, on bytes and without allocation:
 * a log of ten million lines cannot afford a {@code DateTimeFormatter} per line.
 *
 * <p>Every parse method reads from {@code b[pos]} and returns the epoch milliseconds, or
 * {@link #NONE} when the text there is not such a time stamp; {@link #end()} then tells where the
 * time stamp ended. Local times are converted with the zone given at construction; syslog time
 * stamps, which carry no year, get one from a {@link SyslogYear}.
 */
final class LogTimes {

    /** Returned when the bytes are not a time stamp of the expected form. */
    static final long NONE = Long.MIN_VALUE;

    private static final byte[][] MONTHS = {
        bytes("jan"), bytes("feb"), bytes("mar"), bytes("apr"), bytes("may"), bytes("jun"),
        bytes("jul"), bytes("aug"), bytes("sep"), bytes("oct"), bytes("nov"), bytes("dec"),
    };

    private final ZoneRules rules;
    private final int fixedOffset;
    private final SyslogYear years;
    private long cachedHour = Long.MIN_VALUE;
    private int cachedOffset;
    private int end;
    private int fractionEnd;

    LogTimes(ZoneId zone, SyslogYear years) {
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds() : Integer.MIN_VALUE;
        this.years = years;
    }

    /** Where the last successfully parsed time stamp ended (exclusive). */
    int end() {
        return end;
    }

    /** {@code [1733108645]} (Unbound without {@code log-time-ascii}): epoch seconds in brackets. */
    long bracketedEpoch(byte[] b, int pos, int limit) {
        if (pos >= limit || b[pos] != '[') {
            return NONE;
        }
        long seconds = 0;
        int i = pos + 1;
        int digits = 0;
        while (i < limit && isDigit(b[i]) && digits < 12) {
            seconds = seconds * 10 + (b[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0 || i >= limit || b[i] != ']') {
            return NONE;
        }
        end = i + 1;
        return seconds * 1000;
    }

    /** {@code 1733108645.123} (Squid): epoch seconds with optional milliseconds. */
    long decimalEpoch(byte[] b, int pos, int limit) {
        long seconds = 0;
        int i = pos;
        int digits = 0;
        while (i < limit && isDigit(b[i]) && digits < 12) {
            seconds = seconds * 10 + (b[i] - '0');
            i++;
            digits++;
        }
        if (digits == 0) {
            return NONE;
        }
        long millis = 0;
        if (i < limit && b[i] == '.') {
            millis = fraction(b, i + 1, limit);
            if (millis < 0) {
                return NONE;
            }
            i = fractionEnd;
        }
        end = i;
        return seconds * 1000 + millis;
    }

    /** {@code 02-Dec-2026 03:04:05.123} (BIND {@code print-time yes} or {@code local}): local time. */
    long bindLocal(byte[] b, int pos, int limit) {
        if (pos + 20 > limit || b[pos + 2] != '-' || b[pos + 6] != '-' || b[pos + 11] != ' ') {
            return NONE;
        }
        int day = twoDigits(b, pos);
        int month = month(b, pos + 3);
        int year = fourDigits(b, pos + 7);
        if (day < 1 || month < 1 || year < 0) {
            return NONE;
        }
        return clock(b, pos + 12, limit, year, month, day, true);
    }

    /** {@code Dec  2 03:04:05} or {@code Dec 02 03:04:05} (syslog, Unbound {@code log-time-ascii}): local time, year inferred. */
    long syslog(byte[] b, int pos, int limit) {
        if (pos + 15 > limit || b[pos + 3] != ' ' || b[pos + 6] != ' ') {
            return NONE;
        }
        int month = month(b, pos);
        int day;
        if (b[pos + 4] == ' ' && isDigit(b[pos + 5])) {
            day = b[pos + 5] - '0';
        } else {
            day = twoDigits(b, pos + 4);
        }
        if (month < 1 || day < 1 || day > 31) {
            return NONE;
        }
        int hour = twoDigits(b, pos + 7);
        if (hour < 0) {
            return NONE;
        }
        int year = years.yearOf(month, day);
        return clock(b, pos + 7, limit, year, month, day, true);
    }

    /**
     * {@code 2026-12-02T03:04:05[.123][Z|+01:00|+0100]} (BIND {@code iso8601}/{@code iso8601-utc},
     * rsyslog, Unbound {@code log-time-iso}): with an offset as given, without one in local time.
     */
    long iso(byte[] b, int pos, int limit) {
        if (pos + 19 > limit || b[pos + 4] != '-' || b[pos + 7] != '-' || (b[pos + 10] != 'T' && b[pos + 10] != ' ')) {
            return NONE;
        }
        int year = fourDigits(b, pos);
        int month = twoDigits(b, pos + 5);
        int day = twoDigits(b, pos + 8);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return NONE;
        }
        int i = pos + 11;
        if (b[i + 2] != ':' || b[i + 5] != ':') {
            return NONE;
        }
        int hour = twoDigits(b, i);
        int minute = twoDigits(b, i + 3);
        int second = twoDigits(b, i + 6);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return NONE;
        }
        i += 8;
        int millis = 0;
        if (i < limit && (b[i] == '.' || b[i] == ',')) {
            millis = fraction(b, i + 1, limit);
            if (millis < 0) {
                return NONE;
            }
            i = fractionEnd;
        }
        long local = localSeconds(year, month, day, hour, minute, second);
        if (i < limit && b[i] == 'Z') {
            end = i + 1;
            return local * 1000 + millis;
        }
        if (i < limit && (b[i] == '+' || b[i] == '-')) {
            int sign = b[i] == '+' ? 1 : -1;
            int oh = twoDigits(b, i + 1);
            int j = i + 3;
            if (j < limit && b[j] == ':') {
                j++;
            }
            int om = j + 2 <= limit ? twoDigits(b, j) : -1;
            if (oh < 0 || om < 0) {
                return NONE;
            }
            end = j + 2;
            return (local - sign * (oh * 3600L + om * 60L)) * 1000 + millis;
        }
        end = i;
        return (local - offsetOf(local)) * 1000 + millis;
    }

    /** {@code HH:MM:SS[.mmm]} at {@code pos}, on the given local date. */
    private long clock(byte[] b, int pos, int limit, int year, int month, int day, boolean local) {
        if (pos + 8 > limit || b[pos + 2] != ':' || b[pos + 5] != ':') {
            return NONE;
        }
        int hour = twoDigits(b, pos);
        int minute = twoDigits(b, pos + 3);
        int second = twoDigits(b, pos + 6);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 || day > daysInMonth(year, month)) {
            return NONE;
        }
        int i = pos + 8;
        int millis = 0;
        if (i < limit && b[i] == '.') {
            millis = fraction(b, i + 1, limit);
            if (millis < 0) {
                return NONE;
            }
            i = fractionEnd;
        }
        end = i;
        long seconds = localSeconds(year, month, day, hour, minute, second);
        return (local ? seconds - offsetOf(seconds) : seconds) * 1000 + millis;
    }

    /**
     * The milliseconds of the fraction of a second whose digits start at {@code pos} (after the
     * {@code .} or {@code ,}), digits beyond the third ignored; -1 when there is no digit. Sets
     * {@link #fractionEnd}.
     */
    private int fraction(byte[] b, int pos, int limit) {
        int i = pos;
        int millis = 0;
        int digits = 0;
        while (i < limit && isDigit(b[i])) {
            if (digits < 3) {
                millis = millis * 10 + (b[i] - '0');
            }
            digits++;
            i++;
        }
        if (digits == 0) {
            return -1;
        }
        for (int d = digits; d < 3; d++) {
            millis *= 10;
        }
        fractionEnd = i;
        return millis;
    }

    /** The zone's offset at a local time; cached per hour, as zone rules are too slow to ask per line. */
    private int offsetOf(long localSeconds) {
        if (fixedOffset != Integer.MIN_VALUE) {
            return fixedOffset;
        }
        long hour = Math.floorDiv(localSeconds, 3600);
        if (hour != cachedHour) {
            LocalDateTime time = LocalDateTime.ofEpochSecond(hour * 3600, 0, ZoneOffset.UTC);
            cachedOffset = rules.getOffset(time).getTotalSeconds();
            cachedHour = hour;
        }
        return cachedOffset;
    }

    /** Seconds since 1970-01-01T00:00 of a date and time (proleptic Gregorian, no zone). */
    static long localSeconds(int year, int month, int day, int hour, int minute, int second) {
        return epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
    }

    /** Days since 1970-01-01 of a date; the civil-from-days inverse of Howard Hinnant's algorithms. */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    static int daysInMonth(int year, int month) {
        switch (month) {
            case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4: case 6: case 9: case 11: return 30;
            default: return 31;
        }
    }

    /** 1–12 for a three-letter English month name at {@code pos} (any case), else -1. */
    static int month(byte[] b, int pos) {
        int c0 = b[pos] | 0x20;
        int c1 = b[pos + 1] | 0x20;
        int c2 = b[pos + 2] | 0x20;
        for (int m = 0; m < 12; m++) {
            byte[] name = MONTHS[m];
            if (name[0] == c0 && name[1] == c1 && name[2] == c2) {
                return m + 1;
            }
        }
        return -1;
    }

    static int twoDigits(byte[] b, int pos) {
        int a = b[pos] - '0';
        int c = b[pos + 1] - '0';
        if (a < 0 || a > 9 || c < 0 || c > 9) {
            return -1;
        }
        return a * 10 + c;
    }

    static int fourDigits(byte[] b, int pos) {
        int hi = twoDigits(b, pos);
        int lo = twoDigits(b, pos + 2);
        return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
