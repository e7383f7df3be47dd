package io.hone.cli;

import io.hone.core.parity.Check;
import io.hone.core.parity.FixtureParity;
import io.hone.train.parity.AdapterParity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Recompute a reference fixture folder (model, tokenizer cases, chat templates, PEFT adapters: gradients, "
                + "AdamW trajectory, merge) and compare with "
                + "transformers' outputs: one line per check with its max error and PASS/FAIL; exit 1 if any fails.")
public final class ParityCommand implements Callable<Integer> {
    @Option(names = "--fixture", required = true, description = "Fixture folder (e.g. ../shared/fixtures or ../shared/fixtures/tiny-llama).")
    Path fixture;

    @Override
    public Integer call() {
        List<Check> checks = FixtureParity.run(fixture, c -> System.out.println(c.line()), List.of(new AdapterParity()));
        long failed = checks.stream().filter(c -> !c.pass()).count();
        System.out.printf("%d checks, %d passed, %d failed%n", checks.size(), checks.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }
}
