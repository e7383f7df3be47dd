package io.hone.improve.moves;

import java.util.List;

/**
 * Knobs of the moves. {@code demos}: few-shot demos per prompt; {@code reflectBatch}: train examples a reflection
 * reads; {@code ragK}, {@code chunkTokens}: the first retrieval setting tried; {@code chunkChoices}, {@code kChoices},
 * {@code retrievers}: the retrieval settings the search may move to; {@code rank}, {@code lr}, {@code steps}: the
 * first adapter's hyperparameters; {@code selfSamples}: samples per train input in self-training and DPO-from-metric
 * (temperature {@code selfTemperature}); {@code weightMoves}: the switchable weights moves that are on (of
 * {@link WeightMoves#SWITCHABLE}); {@code dpoBeta}, {@code rpoAlpha}: DPO's β and the chosen NLL's weight;
 * {@code grpoGenerations}, {@code grpoTemperature}, {@code grpoSteps}: GRPO's group size, rollout temperature, steps.
 */
public record MoveSettings(int demos, int reflectBatch, int ragK, int chunkTokens, List<Integer> chunkChoices, List<Integer> kChoices,
                           List<String> retrievers, int rank, double lr, int steps, int selfSamples, double selfTemperature,
                           List<String> weightMoves, double dpoBeta, double rpoAlpha, int grpoGenerations, double grpoTemperature,
                           int grpoSteps) {
    public MoveSettings {
        chunkChoices = List.copyOf(chunkChoices);
        kChoices = List.copyOf(kChoices);
        retrievers = List.copyOf(retrievers);
        weightMoves = List.copyOf(weightMoves);
    }
}
