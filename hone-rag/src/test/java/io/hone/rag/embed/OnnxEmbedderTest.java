package io.hone.rag.embed;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OnnxEmbedderTest {
    static Embedder bge;

    @BeforeAll
    static void open() {
        bge = Embedders.open("bge-small");
    }

    @AfterAll
    static void close() {
        bge.close();
    }

    @Test
    void unitVectorsOfTheModelsWidth() {
        float[][] v = bge.embedPassages(List.of("Aspirin lowers the risk of heart attack.", "short", "x".repeat(5000)));
        assertThat(bge.dimension()).isEqualTo(384);
        for (float[] x : v) {
            double n = 0;
            for (float f : x) n += f * f;
            assertThat(n).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void sameAsLangchain4jPipelineOnTheSameModel() {
        var reference = new BgeSmallEnV15QuantizedEmbeddingModel();
        String text = "Vitamin D deficiency is associated with an increased risk of tuberculosis.";
        float[] ours = bge.embedPassages(List.of(text))[0];
        float[] theirs = reference.embed(text).content().vector();
        assertThat(dot(ours, theirs)).isGreaterThan(0.9999f);
    }

    @Test
    void queryInstructionRanksTheRelevantPassageFirst() {
        float[] q = bge.embedQuery("Does vitamin D protect against tuberculosis?");
        float[][] p = bge.embedPassages(List.of("Low serum vitamin D is linked to active tuberculosis infection.",
                "The stock market fell sharply on Tuesday."));
        assertThat(dot(q, p[0])).isGreaterThan(dot(q, p[1]) + 0.1f);
    }

    /**
     * Not bit-equal: the int8 model quantizes activations with one dynamic scale per tensor, and a batch's
     * padding rows take part in that scale. Close enough not to move rankings.
     */
    @Test
    void batchedCloseToOneByOne() {
        List<String> texts = List.of("a short one", "a considerably longer passage that needs padding in the other rows");
        float[][] batched = bge.embedPassages(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertThat(dot(batched[i], bge.embedPassages(List.of(texts.get(i)))[0])).isGreaterThan(0.99f);
        }
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
