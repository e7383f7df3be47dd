package io.hone.improve.moves;

import java.util.List;

/**
 * Knobs of the moves. {@code demos}: few-shot demos per prompt; {@code reflectBatch}: train examples a reflection
 * reads; {@code ragK}, {@code chunkTokens}: the first retrieval setting tried; {@code chunkChoices}, {@code kChoices},
 * {@code retrievers}: the retrieval settings the search may move to; {@code rank}, {@code lr}, {@code steps}: the
 * first adapter's hyperparameters; {@code selfSamples}: samples per train input in self-training (temperature
 * {@code selfTemperature}); {@code qlora}: whether QLoRA is among the weights moves.
 */
public record MoveSettings(int demos, int reflectBatch, int ragK, int chunkTokens, List<Integer> chunkChoices, List<Integer> kChoices,
                           List<String> retrievers, int rank, double lr, int steps, int selfSamples, double selfTemperature,
                           boolean qlora) {
    public MoveSettings {
        chunkChoices = List.copyOf(chunkChoices);
        kChoices = List.copyOf(kChoices);
        retrievers = List.copyOf(retrievers);
    }
}
