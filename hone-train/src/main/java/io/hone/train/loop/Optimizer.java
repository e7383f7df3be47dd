package io.hone.train.loop;

import io.hone.train.Param;

import java.util.List;
import java.util.Map;

/** What the trainer needs from an optimizer: a step over the live parameters, and state to checkpoint and restore. */
public interface Optimizer {
    /** Updates every parameter's value in place from its grad with learning rate {@code lr}. */
    void step(List<Param> params, double lr);

    /** Named state tensors (e.g. {@code <param>.exp_avg}); the arrays are live, copy before changing them. */
    Map<String, float[]> state();

    /** Steps taken so far. */
    long stepCount();

    /** Restores the state from {@link #state()} and the step count of a checkpoint. */
    void load(Map<String, float[]> state, long step);
}
