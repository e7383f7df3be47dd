package io.hone.eval.task;

import java.util.List;

/** Train (demo pool), dev (what optimizers score candidates on) and held-out test examples. */
public record Splits(List<Example> train, List<Example> dev, List<Example> test) {
    public Splits {
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
    }
}
