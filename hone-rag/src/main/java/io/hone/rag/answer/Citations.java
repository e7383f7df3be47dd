package io.hone.rag.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The source numbers an answer cites: {@code [1]}, {@code [2, 3]}, {@code [1][4]}; numbers outside 1..n are ignored. */
public final class Citations {
    private static final Pattern BRACKET = Pattern.compile("\\[(\\d+(?:\\s*,\\s*\\d+)*)]");

    private Citations() {
    }

    public static List<Integer> cited(String answer, int sources) {
        var found = new TreeSet<Integer>();
        var m = BRACKET.matcher(answer);
        while (m.find()) {
            for (String n : m.group(1).split(",")) {
                int i = Integer.parseInt(n.strip());
                if (i >= 1 && i <= sources) found.add(i);
            }
        }
        return new ArrayList<>(found);
    }
}
