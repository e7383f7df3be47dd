package io.hone.improve;

import io.hone.improve.search.SearchBudget;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code hone improve} runs: the task, model, documents and output folder, the search budget and the first
 * settings of each lever. {@link #of} gives the defaults; the {@code with...} methods change one setting.
 *
 * @param chunkTokens     chunk size of the first retrieval setting tried; {@code chunkChoices} the ones the search may move to
 * @param lr              learning rate of the first adapter (the hyperparameter race moves it)
 * @param reflectorEndpoint an OpenAI-compatible server whose {@code reflectorModel} writes instructions; null: the task model
 */
public record Settings(Path task, Path model, Path docs, long seed, Path out, boolean resume, SearchBudget budget, int ragK,
                       int chunkTokens, List<Integer> chunkChoices, List<Integer> kChoices, List<String> retrievers, int demos,
                       int maxNewTokens, double devSplit, double testSplit, int rank, double lr, int steps, boolean qlora,
                       int parents, int minibatch, int patience, String reflectorEndpoint, String reflectorModel) {
    public Settings {
        chunkChoices = List.copyOf(chunkChoices);
        kChoices = List.copyOf(kChoices);
        retrievers = List.copyOf(retrievers);
    }

    public static Settings of(Path task, Path model, Path docs, Path out) {
        return new Settings(task, model, docs, 0, out, false, SearchBudget.FULL, 3, 512, List.of(64, 128, 256, 512),
                List.of(1, 2, 3, 5), List.of("bm25", "hybrid"), 3, 32, 0.2, 0.3, 16, 2e-4, 300, true, 2, 24, 2, null, null);
    }

    public Settings withSeed(long s) {
        return new Settings(task, model, docs, s, out, resume, budget, ragK, chunkTokens, chunkChoices, kChoices, retrievers, demos,
                maxNewTokens, devSplit, testSplit, rank, lr, steps, qlora, parents, minibatch, patience, reflectorEndpoint, reflectorModel);
    }

    public Settings withResume(boolean r) {
        return new Settings(task, model, docs, seed, out, r, budget, ragK, chunkTokens, chunkChoices, kChoices, retrievers, demos,
                maxNewTokens, devSplit, testSplit, rank, lr, steps, qlora, parents, minibatch, patience, reflectorEndpoint, reflectorModel);
    }

    public Settings withBudget(SearchBudget b) {
        return new Settings(task, model, docs, seed, out, resume, b, ragK, chunkTokens, chunkChoices, kChoices, retrievers, demos,
                maxNewTokens, devSplit, testSplit, rank, lr, steps, qlora, parents, minibatch, patience, reflectorEndpoint, reflectorModel);
    }

    public Settings withRetrieval(int k, int chunk, List<String> kinds) {
        return withRetrieval(k, chunk, kinds, chunkChoices);
    }

    public Settings withRetrieval(int k, int chunk, List<String> kinds, List<Integer> chunks) {
        return new Settings(task, model, docs, seed, out, resume, budget, k, chunk, chunks, kChoices, kinds, demos,
                maxNewTokens, devSplit, testSplit, rank, lr, steps, qlora, parents, minibatch, patience, reflectorEndpoint, reflectorModel);
    }

    public Settings withPrompt(int nDemos, int newTokens) {
        return new Settings(task, model, docs, seed, out, resume, budget, ragK, chunkTokens, chunkChoices, kChoices, retrievers, nDemos,
                newTokens, devSplit, testSplit, rank, lr, steps, qlora, parents, minibatch, patience, reflectorEndpoint, reflectorModel);
    }

    public Settings withAdapter(int r, double learningRate, int nSteps, boolean withQlora) {
        return new Settings(task, model, docs, seed, out, resume, budget, ragK, chunkTokens, chunkChoices, kChoices, retrievers, demos,
                maxNewTokens, devSplit, testSplit, r, learningRate, nSteps, withQlora, parents, minibatch, patience, reflectorEndpoint, reflectorModel);
    }

    public Settings withSearch(int nParents, int minibatchSize, int patienceRounds) {
        return new Settings(task, model, docs, seed, out, resume, budget, ragK, chunkTokens, chunkChoices, kChoices, retrievers, demos,
                maxNewTokens, devSplit, testSplit, rank, lr, steps, qlora, nParents, minibatchSize, patienceRounds, reflectorEndpoint, reflectorModel);
    }

    public Settings withReflector(String endpoint, String name) {
        return new Settings(task, model, docs, seed, out, resume, budget, ragK, chunkTokens, chunkChoices, kChoices, retrievers, demos,
                maxNewTokens, devSplit, testSplit, rank, lr, steps, qlora, parents, minibatch, patience, endpoint, name);
    }
}
