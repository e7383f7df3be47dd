package io.hone.cli.rag;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "rag", mixinStandardHelpOptions = true,
        description = "Retrieval-augmented generation on a local Lucene index (default) or a SolrCloud collection: index documents, query, ask, evaluate.",
        subcommands = {RagIndexCommand.class, RagQueryCommand.class, RagAskCommand.class, RagEvalCommand.class})
public final class RagCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
