package io.hone.train.pref;

import io.hone.train.data.TrainingSequence;

/** A tokenized pair: the same prompt with the preferred and the dispreferred completion (only completions labelled). */
public record PreferencePair(TrainingSequence chosen, TrainingSequence rejected) {}
