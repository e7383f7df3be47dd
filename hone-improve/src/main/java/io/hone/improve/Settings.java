package io.hone.improve;

import io.hone.improve.moves.PreferenceMoves;
import io.hone.improve.moves.WeightMoves;
import io.hone.improve.search.SearchBudget;
import io.hone.rag.solr.SolrTarget;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code hone improve} runs: the task, model, documents and output folder, the search budget and the first
 * settings of each lever. {@link #builder} starts from the defaults and {@link #toBuilder} from a copy
 * of these (every change goes through the one {@link Builder}, so a new setting is added in one place).
 *
 * @param chunkTokens     chunk size of the first retrieval setting tried; {@code chunkChoices} the ones the search may move to
 * @param lr              learning rate of the first adapter (the hyperparameter race moves it)
 * @param reflectorEndpoint an OpenAI-compatible server whose {@code reflectorModel} writes instructions; null: the task model
 * @param weightMoves     the switchable weights moves that are on ({@link WeightMoves#SWITCHABLE}; default
 *                        {@link WeightMoves#DEFAULT_ON})
 * @param dpoBeta         DPO's β in {@code dpo-from-metric}; {@code rpoAlpha} the weight of its chosen NLL (RPO)
 * @param grpoGenerations GRPO's rollouts per prompt, at {@code grpoTemperature}, for {@code grpoSteps} steps
 * @param solr            a SolrCloud cluster whose collections {@code NAME_c<chunk>[_embedder]} hold the indexes; null: embedded ones
 */
public record Settings(Path task, Path model, Path docs, long seed, Path out, boolean resume, SearchBudget budget, int ragK,
                       int chunkTokens, List<Integer> chunkChoices, List<Integer> kChoices, List<String> retrievers, int demos,
                       int maxNewTokens, double devSplit, double testSplit, int rank, double lr, int steps, List<String> weightMoves,
                       int parents, int minibatch, int patience, String reflectorEndpoint, String reflectorModel, double dpoBeta,
                       double rpoAlpha, int grpoGenerations, double grpoTemperature, int grpoSteps, SolrTarget solr) {
    public Settings {
        chunkChoices = List.copyOf(chunkChoices);
        kChoices = List.copyOf(kChoices);
        retrievers = List.copyOf(retrievers);
        weightMoves = List.copyOf(weightMoves);
    }

    /** Whether QLoRA is among the weights moves. */
    public boolean qlora() {
        return weightMoves.contains("train-qlora");
    }

    /**
     * The weights moves as {@code run.json} records them: {@code qlora=...} alone while the others are the defaults
     * (as runs recorded it before moves were switchable, so they still resume), the list of those on otherwise.
     */
    String movesIdentity() {
        List<String> others = weightMoves.stream().filter(m -> !m.equals("train-qlora")).toList();
        boolean defaults = others.equals(WeightMoves.DEFAULT_ON.stream().filter(m -> !m.equals("train-qlora")).toList());
        String s = "qlora=" + qlora();
        if (defaults) return s;
        s += " moves=" + String.join(",", weightMoves);
        if (weightMoves.contains(PreferenceMoves.DPO_FROM_METRIC)) s += " dpo-beta=" + dpoBeta + " rpo-alpha=" + rpoAlpha;
        if (weightMoves.contains(PreferenceMoves.GRPO)) s += " grpo=" + grpoGenerations + "x" + grpoTemperature + "x" + grpoSteps;
        return s;
    }

    /** The defaults for a task, model, documents (null: none) and output folder, to change with named setters. */
    public static Builder builder(Path task, Path model, Path docs, Path out) {
        return new Builder(task, model, docs, out);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Named setters over a copy of every setting; {@link #build} makes the record. */
    public static final class Builder {
        private final Path task, model, docs, out;
        private long seed;
        private boolean resume;
        private SearchBudget budget = SearchBudget.FULL;
        private int ragK = 3, chunkTokens = 512;
        private List<Integer> chunkChoices = List.of(64, 128, 256, 512), kChoices = List.of(1, 2, 3, 5);
        private List<String> retrievers = List.of("bm25", "hybrid");
        private int demos = 3, maxNewTokens = 32;
        private double devSplit = 0.2, testSplit = 0.3;
        private int rank = 16, steps = 300;
        private double lr = 2e-4;
        private List<String> weightMoves = WeightMoves.DEFAULT_ON;
        private double dpoBeta = 0.1, rpoAlpha = 1.0, grpoTemperature = 0.8;
        private int grpoGenerations = 8, grpoSteps = 40;
        private int parents = 2, minibatch = 24, patience = 2;
        private String reflectorEndpoint, reflectorModel;
        private SolrTarget solr;

        private Builder(Path task, Path model, Path docs, Path out) {
            this.task = task;
            this.model = model;
            this.docs = docs;
            this.out = out;
        }

        private Builder(Settings s) {
            this(s.task, s.model, s.docs, s.out);
            seed = s.seed;
            resume = s.resume;
            budget = s.budget;
            ragK = s.ragK;
            chunkTokens = s.chunkTokens;
            chunkChoices = s.chunkChoices;
            kChoices = s.kChoices;
            retrievers = s.retrievers;
            demos = s.demos;
            maxNewTokens = s.maxNewTokens;
            devSplit = s.devSplit;
            testSplit = s.testSplit;
            rank = s.rank;
            lr = s.lr;
            steps = s.steps;
            weightMoves = s.weightMoves;
            dpoBeta = s.dpoBeta;
            rpoAlpha = s.rpoAlpha;
            grpoGenerations = s.grpoGenerations;
            grpoTemperature = s.grpoTemperature;
            grpoSteps = s.grpoSteps;
            parents = s.parents;
            minibatch = s.minibatch;
            patience = s.patience;
            reflectorEndpoint = s.reflectorEndpoint;
            reflectorModel = s.reflectorModel;
            solr = s.solr;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder resume(boolean r) {
            resume = r;
            return this;
        }

        public Builder budget(SearchBudget b) {
            budget = b;
            return this;
        }

        /** The first retrieval setting: {@code k} chunks of {@code chunk} tokens, and the retrievers the search may use. */
        public Builder retrieval(int k, int chunk, List<String> kinds) {
            ragK = k;
            chunkTokens = chunk;
            retrievers = kinds;
            return this;
        }

        public Builder chunkChoices(List<Integer> chunks) {
            chunkChoices = chunks;
            return this;
        }

        public Builder prompt(int nDemos, int newTokens) {
            demos = nDemos;
            maxNewTokens = newTokens;
            return this;
        }

        public Builder adapter(int r, double learningRate, int nSteps, boolean withQlora) {
            rank = r;
            lr = learningRate;
            steps = nSteps;
            weightMoves = WeightMoves.switched(weightMoves, (withQlora ? "+" : "-") + "train-qlora");
            return this;
        }

        /** Switches weights moves on ({@code +name}) and off ({@code -name}): {@link WeightMoves#switched}. */
        public Builder moves(String spec) {
            weightMoves = WeightMoves.switched(weightMoves, spec);
            return this;
        }

        /** {@code dpo-from-metric}'s DPO β and the weight of the chosen completions' NLL added to it (RPO). */
        public Builder preference(double beta, double alpha) {
            dpoBeta = beta;
            rpoAlpha = alpha;
            return this;
        }

        /** {@code grpo}'s rollouts per prompt, their temperature, and its training steps. */
        public Builder grpo(int generations, double temperature, int nSteps) {
            grpoGenerations = generations;
            grpoTemperature = temperature;
            grpoSteps = nSteps;
            return this;
        }

        public Builder search(int nParents, int minibatchSize, int patienceRounds) {
            parents = nParents;
            minibatch = minibatchSize;
            patience = patienceRounds;
            return this;
        }

        public Builder reflector(String endpoint, String name) {
            reflectorEndpoint = endpoint;
            reflectorModel = name;
            return this;
        }

        /** Retrieval on SolrCloud: collections named after {@code target}'s collection (null: embedded indexes in the run folder). */
        public Builder solr(SolrTarget target) {
            solr = target;
            return this;
        }

        public Settings build() {
            return new Settings(task, model, docs, seed, out, resume, budget, ragK, chunkTokens, chunkChoices, kChoices,
                    retrievers, demos, maxNewTokens, devSplit, testSplit, rank, lr, steps, weightMoves, parents, minibatch, patience,
                    reflectorEndpoint, reflectorModel, dpoBeta, rpoAlpha, grpoGenerations, grpoTemperature, grpoSteps, solr);
        }
    }
}
