package io.hone.eval.optimize;

import io.hone.eval.prompt.Demo;
import io.hone.eval.prompt.PromptProgram;

/**
 * kNN few-shot (DSPy's KNNFewShot without its bootstrap step): each input is shown the k train examples most
 * similar to it, by TF-IDF cosine unless another vectorizer is installed in {@code KnnDemos}.
 */
public record KnnFewShot(int k) implements PromptOptimizer {
    @Override
    public String name() {
        return "knn";
    }

    @Override
    public void search(Search s) {
        s.evaluate("baseline", s.base);
        var pool = s.splits.train().stream().map(Demo::of).toList();
        s.evaluate("knn k=" + k, s.base.withKnn(new PromptProgram.Knn(k, pool)));
    }
}
