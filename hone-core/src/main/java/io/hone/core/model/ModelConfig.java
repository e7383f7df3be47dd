package io.hone.core.model;

import java.util.List;

/**
 * The fields of a Hugging Face {@code config.json} the Llama family needs (llama, mistral, qwen2).
 * {@code qkvBias}/{@code oBias} encode the per-family bias rules: Llama's {@code attention_bias} covers
 * q,k,v,o; Qwen2 always has q,k,v biases and none on o.
 */
public record ModelConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double rmsNormEps,
        RopeScaling rope,
        int maxPositions,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean oBias,
        boolean mlpBias,
        int slidingWindow,
        int bosTokenId,
        List<Integer> eosTokenIds,
        String torchDtype) {

    public static final List<String> SUPPORTED = List.of("llama", "mistral", "qwen2");

    public int qDim() {
        return numHeads * headDim;
    }

    public int kvDim() {
        return numKvHeads * headDim;
    }

    /** Parameter count of the dense model (embeddings counted once when tied). */
    public long parameterCount() {
        long h = hiddenSize, perLayer = 0;
        perLayer += h * qDim() + 2 * h * kvDim() + (long) qDim() * h;
        if (qkvBias) perLayer += qDim() + 2L * kvDim();
        if (oBias) perLayer += h;
        perLayer += 3 * h * intermediateSize + (mlpBias ? 2L * intermediateSize + h : 0);
        perLayer += 2 * h;
        long total = perLayer * numLayers + (long) vocabSize * h + h;
        if (!tieWordEmbeddings) total += (long) vocabSize * h;
        return total;
    }
}
