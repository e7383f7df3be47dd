package io.hone.rag.embed;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hone.core.HoneException;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.rag.ingest.TokenCounter;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A BERT-style sentence encoder exported to ONNX (inputs {@code input_ids}, {@code attention_mask}, optionally
 * {@code token_type_ids}; output the last hidden state {@code [batch, seq, dim]} or an already pooled
 * {@code [batch, dim]}), tokenized with hone's tokenizer, pooled and L2-normalised.
 */
public final class OnnxEmbedder implements Embedder {
    private final String name;
    private final OrtEnvironment env = OrtRuntime.environment();
    private final OrtSession session;
    private final Tokenizer tokenizer;
    private final Pooling pooling;
    private final String queryPrefix;
    private final int maxTokens;
    private final int dimension;
    private final boolean wantsTokenTypes;

    OnnxEmbedder(String name, byte[] model, Tokenizer tokenizer, Pooling pooling, String queryPrefix, int maxTokens) {
        this.name = name;
        this.tokenizer = tokenizer;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix == null ? "" : queryPrefix;
        this.maxTokens = maxTokens;
        try (var options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Integer.getInteger("hone.threads", Runtime.getRuntime().availableProcessors()));
            this.session = env.createSession(model, options);
            this.wantsTokenTypes = session.getInputNames().contains("token_type_ids");
            for (String required : List.of("input_ids", "attention_mask")) {
                if (!session.getInputNames().contains(required)) {
                    throw new HoneException(name + ": ONNX model has no '" + required + "' input (inputs: " + session.getInputNames() + ")");
                }
            }
        } catch (OrtException e) {
            throw new HoneException(name + ": cannot load ONNX model: " + e.getMessage(), e);
        }
        this.dimension = embedPassages(List.of("dimension probe"))[0].length;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public TokenCounter tokenCounter() {
        return text -> tokenizer.encode(text, false).length;
    }

    @Override
    public float[] embedQuery(String query) {
        return embedPassages(List.of(queryPrefix + query))[0];
    }

    @Override
    public float[][] embedPassages(List<String> texts) {
        int batch = texts.size();
        if (batch == 0) return new float[0][];
        List<int[]> ids = new ArrayList<>(batch);
        int seq = 1;
        for (String t : texts) {
            int[] e = truncate(tokenizer.encode(t, true));
            ids.add(e);
            seq = Math.max(seq, e.length);
        }
        long[] inputIds = new long[batch * seq];
        long[] mask = new long[batch * seq];
        for (int b = 0; b < batch; b++) {
            int[] e = ids.get(b);
            for (int i = 0; i < e.length; i++) {
                inputIds[b * seq + i] = e[i];
                mask[b * seq + i] = 1;
            }
        }
        long[] shape = {batch, seq};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(inputIds), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) inputs.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch * seq]), shape));
            try (OrtSession.Result result = session.run(inputs)) {
                return pool(result, batch, seq, mask);
            }
        } catch (OrtException e) {
            throw new HoneException(name + ": ONNX inference failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] pool(OrtSession.Result result, int batch, int seq, long[] mask) throws OrtException {
        OnnxValue first = result.get(0);
        OnnxTensor out = (OnnxTensor) first;
        long[] shape = out.getInfo().getShape();
        FloatBuffer fb = out.getFloatBuffer();
        float[][] vectors = new float[batch][];
        if (shape.length == 2) { // already pooled by the export
            int dim = (int) shape[1];
            for (int b = 0; b < batch; b++) {
                vectors[b] = new float[dim];
                fb.get(b * dim, vectors[b]);
            }
        } else {
            int dim = (int) shape[2];
            for (int b = 0; b < batch; b++) {
                float[] v = new float[dim];
                if (pooling == Pooling.CLS) {
                    fb.get(b * seq * dim, v);
                } else {
                    int count = 0;
                    for (int t = 0; t < seq; t++) {
                        if (mask[b * seq + t] == 0) continue;
                        count++;
                        int off = (b * seq + t) * dim;
                        for (int d = 0; d < dim; d++) v[d] += fb.get(off + d);
                    }
                    for (int d = 0; d < dim; d++) v[d] /= Math.max(1, count);
                }
                vectors[b] = v;
            }
        }
        for (float[] v : vectors) normalize(v);
        return vectors;
    }

    /** Keeps the first maxTokens ids and the closing special token ([SEP]), as HF truncation does. */
    private int[] truncate(int[] ids) {
        if (ids.length <= maxTokens) return ids;
        int[] t = new int[maxTokens];
        System.arraycopy(ids, 0, t, 0, maxTokens - 1);
        t[maxTokens - 1] = ids[ids.length - 1];
        return t;
    }

    static void normalize(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        float inv = s == 0 ? 0 : (float) (1 / Math.sqrt(s));
        for (int i = 0; i < v.length; i++) v[i] *= inv;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new HoneException(name + ": " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }
}
