package io.hone.improve;

import io.hone.improve.demo.BundledModel;
import io.hone.improve.demo.Catalogue;
import io.hone.improve.search.SearchBudget;

import java.nio.file.Path;
import java.util.List;

/** A small improve run on the bundled model and a 12-product demo catalogue, for tests (and a main for child JVMs). */
final class DemoRun {
    final Path task;
    final Path docs;
    final Path model;

    DemoRun(Path dir) {
        docs = dir.resolve("docs");
        task = dir.resolve("task.jsonl");
        Catalogue.writeDemo(12, docs, task);
        model = BundledModel.copyTo(dir.resolve("model"));
    }

    DemoRun(Path task, Path docs, Path model) {
        this.task = task;
        this.docs = docs;
        this.model = model;
    }

    /** One round after round 0, adapters of 4 steps, screening on 6 dev examples. */
    Settings settings(Path out) {
        return Settings.builder(task, model, docs, out).retrieval(1, 512, List.of("bm25")).prompt(2, 12)
                .adapter(4, 2e-3, 4, false).budget(new SearchBudget(0, 0, 0, 1)).search(2, 6, 2).build();
    }

    /** {@code TASK DOCS MODEL OUT [resume]}: runs the test settings (the kill -9 test runs this in a child JVM). */
    public static void main(String[] a) {
        var run = new DemoRun(Path.of(a[0]), Path.of(a[1]), Path.of(a[2]));
        new Improve(run.settings(Path.of(a[3])).toBuilder().resume(a.length > 4).build(), System.out, System.err).run();
    }
}
