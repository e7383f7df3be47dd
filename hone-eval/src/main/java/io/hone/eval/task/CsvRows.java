package io.hone.eval.task;

import io.hone.core.HoneException;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: comma-separated fields, double-quoted fields may hold commas, newlines and doubled quotes. */
final class CsvRows {
    /** One record and the line it starts on (1-based). */
    record Row(int line, List<String> fields) {}

    private CsvRows() {}

    static List<Row> parse(String text, String file) {
        List<Row> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1, start = 1, i = 0, n = text.length();
        boolean quoted = false, any = false;
        while (i < n) {
            char c = text.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < n && text.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                any = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i < n && text.charAt(i) == '\n') i++;
                if (any || !field.isEmpty()) {
                    fields.add(field.toString());
                    rows.add(new Row(start, List.copyOf(fields)));
                }
                fields.clear();
                field.setLength(0);
                any = false;
                start = ++line;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) throw new HoneException(file + ":" + start + ": unterminated quoted field");
        if (any || !field.isEmpty()) {
            fields.add(field.toString());
            rows.add(new Row(start, List.copyOf(fields)));
        }
        return rows;
    }
}
