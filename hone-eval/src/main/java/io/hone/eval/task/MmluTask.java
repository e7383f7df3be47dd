package io.hone.eval.task;

import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * MMLU in its CSV release ({@code <subject>_test.csv}, {@code <subject>_dev.csv}: header
 * {@code question,choice0,choice1,choice2,choice3,answer}, answer an index 0–3), one file or a folder of them, as a
 * multiple-choice {@link Task} in lm-evaluation-harness's {@code mmlu} format: the input is
 * "The following are multiple choice questions (with answers) about {subject}.\n\n{question}\nA. …\nB. …\nC. …\nD. …\nAnswer:"
 * and the choices are the letters, scored as {@code " A"} … {@code " D"} by log-likelihood.
 */
public final class MmluTask {
    static final List<String> LETTERS = List.of("A", "B", "C", "D");
    static final List<String> HEADER = List.of("question", "choice0", "choice1", "choice2", "choice3", "answer");

    private MmluTask() {}

    /** A {@code .csv} file or a folder of them (sorted by name); ids are {@code subject/row}. */
    public static Task load(Path path) {
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
            } catch (IOException e) {
                throw new HoneException(path + ": cannot list (" + e.getMessage() + ")", e);
            }
            if (files.isEmpty()) throw new HoneException(path + ": no .csv files (expected MMLU <subject>_test.csv files)");
        } else {
            files = List.of(path);
        }
        List<Example> out = new ArrayList<>();
        for (Path f : files) out.addAll(read(f));
        String name = Files.isDirectory(path) ? "mmlu-" + path.getFileName() : path.getFileName().toString().replaceFirst("\\.csv$", "");
        return new Task(name, out);
    }

    static List<Example> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new HoneException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        List<CsvRows.Row> rows = CsvRows.parse(text, file.toString());
        if (rows.isEmpty() || !rows.getFirst().fields().equals(HEADER)) {
            throw new HoneException(file + ":1: expected the header " + String.join(",", HEADER));
        }
        String subject = file.getFileName().toString().replaceFirst("(_test|_dev|_val)?\\.csv$", "");
        String about = "The following are multiple choice questions (with answers) about " + subject.replace('_', ' ') + ".\n\n";
        List<Example> out = new ArrayList<>();
        for (CsvRows.Row row : rows.subList(1, rows.size())) {
            String where = file + ":" + row.line() + ": ";
            List<String> f = row.fields();
            if (f.size() != HEADER.size()) throw new HoneException(where + "expected " + HEADER.size() + " fields, got " + f.size());
            int gold;
            try {
                gold = Integer.parseInt(f.get(5).strip());
            } catch (NumberFormatException e) {
                gold = -1;
            }
            if (gold < 0 || gold > 3) throw new HoneException(where + "answer must be 0, 1, 2 or 3, got '" + f.get(5) + "'");
            StringBuilder in = new StringBuilder(about).append(f.get(0).strip());
            for (int c = 0; c < 4; c++) in.append('\n').append(LETTERS.get(c)).append(". ").append(f.get(1 + c));
            in.append("\nAnswer:");
            out.add(Example.choice(subject + "/" + out.size(), in.toString(), LETTERS, gold));
        }
        if (out.isEmpty()) throw new HoneException(file + ": no questions after the header");
        return out;
    }
}
