package io.hone.core.chat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.util.Locale;

/**
 * Python {@code datetime.now().strftime(format)} on Linux (glibc, C locale), for the {@code strftime_now}
 * function of chat templates (Llama 3.1: {@code strftime_now("%d %b %Y")} → {@code 26 Jul 2024}).
 * The datetime is naive, as {@code datetime.now()} is, so {@code %z} and {@code %Z} are empty.
 * glibc's {@code %-d} style (no padding) is supported; unknown codes are copied as they are.
 */
public final class PyStrftime {
    private PyStrftime() {}

    public static String format(LocalDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            boolean noPad = format.charAt(i + 1) == '-' && i + 2 < format.length();
            char code = format.charAt(noPad ? i + 2 : i + 1);
            String value = field(t, code, noPad);
            if (value == null) {
                out.append(format, i, i + (noPad ? 3 : 2));
            } else {
                out.append(value);
            }
            i += noPad ? 2 : 1;
        }
        return out.toString();
    }

    private static String field(LocalDateTime t, char code, boolean noPad) {
        int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
        return switch (code) {
            case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b', 'h' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'c' -> format(t, "%a %b %e %H:%M:%S %Y");
            case 'C' -> pad(t.getYear() / 100, 2, noPad);
            case 'd' -> pad(t.getDayOfMonth(), 2, noPad);
            case 'D' -> format(t, "%m/%d/%y");
            case 'e' -> noPad ? Integer.toString(t.getDayOfMonth()) : String.format("%2d", t.getDayOfMonth());
            case 'f' -> String.format("%06d", t.getNano() / 1000);
            case 'F' -> format(t, "%Y-%m-%d");
            case 'G' -> Integer.toString(t.get(IsoFields.WEEK_BASED_YEAR));
            case 'H' -> pad(t.getHour(), 2, noPad);
            case 'I' -> pad(hour12, 2, noPad);
            case 'j' -> pad(t.getDayOfYear(), 3, noPad);
            case 'k' -> String.format("%2d", t.getHour());
            case 'l' -> String.format("%2d", hour12);
            case 'm' -> pad(t.getMonthValue(), 2, noPad);
            case 'M' -> pad(t.getMinute(), 2, noPad);
            case 'n' -> "\n";
            case 'p' -> t.getHour() < 12 ? "AM" : "PM";
            case 'r' -> format(t, "%I:%M:%S %p");
            case 'R' -> format(t, "%H:%M");
            case 's' -> null; // depends on the local zone in CPython too; not used by templates
            case 'S' -> pad(t.getSecond(), 2, noPad);
            case 't' -> "\t";
            case 'T' -> format(t, "%H:%M:%S");
            case 'u' -> Integer.toString(t.getDayOfWeek().getValue());
            case 'U' -> pad(weekOfYear(t, DayOfWeek.SUNDAY), 2, noPad);
            case 'V' -> pad(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2, noPad);
            case 'w' -> Integer.toString(t.getDayOfWeek().getValue() % 7);
            case 'W' -> pad(weekOfYear(t, DayOfWeek.MONDAY), 2, noPad);
            case 'x' -> format(t, "%m/%d/%y");
            case 'X' -> format(t, "%H:%M:%S");
            case 'y' -> pad(t.getYear() % 100, 2, noPad);
            case 'Y' -> Integer.toString(t.getYear());
            case 'z', 'Z' -> "";
            case '%' -> "%";
            default -> null;
        };
    }

    /** C's %U / %W: weeks starting on {@code first}; days before the year's first such day are week 0. */
    private static int weekOfYear(LocalDateTime t, DayOfWeek first) {
        int dayOfYear0 = t.getDayOfYear() - 1;
        int weekday = (t.get(ChronoField.DAY_OF_WEEK) - first.getValue() + 7) % 7; // days since week start
        return (dayOfYear0 + 7 - weekday) / 7;
    }

    private static String pad(int value, int width, boolean noPad) {
        return noPad ? Integer.toString(value) : String.format("%0" + width + "d", value);
    }
}
