package io.tocsin.collector.traffic;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The year of syslog time stamps ({@code Dec  2 03:04:05}), which name none.
 *
 * <p>The rule: the first line of an input gets the latest year that does not put it more than a day
 * after the input's <em>reference time</em> — the file's last-modified time (a log's last line was
 * written just before it), or the current time for standard input and followed files. After that the
 * year only moves with the lines: a month more than six months <em>before</em> the previous line's
 * (December, then January) starts the next year; a month more than six months <em>after</em> it (a
 * late January line followed by a straggler from December) belongs to the year before, without
 * moving the count. So a file of several days, across New Year too, is dated right; a file more than
 * a year older than its modification time cannot be, and intervals across a 29 February it misses
 * are a day off.
 */
final class SyslogYear {

    private final LocalDate reference;
    private int year = Integer.MIN_VALUE;
    private int lastMonth;

    SyslogYear(Instant reference, ZoneId zone) {
        this.reference = LocalDate.ofInstant(reference, zone).plusDays(1);
    }

    int yearOf(int month, int day) {
        if (year == Integer.MIN_VALUE) {
            int y = reference.getYear();
            if (month > reference.getMonthValue() || (month == reference.getMonthValue() && day > reference.getDayOfMonth())) {
                y--;
            }
            year = y;
            lastMonth = month;
            return y;
        }
        if (month < lastMonth - 6) {
            year++;
            lastMonth = month;
            return year;
        }
        if (month > lastMonth + 6) {
            return year - 1;
        }
        lastMonth = month;
        return year;
    }
}
