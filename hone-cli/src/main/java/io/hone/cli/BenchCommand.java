package io.hone.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Micro-benchmarks of hone's kernels, side by side with PyTorch when it is installed.",
        subcommands = {MatmulBench.class, BenchInferenceCommand.class, BenchGenerateCommand.class, BenchServeCommand.class, BenchTrainCommand.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
