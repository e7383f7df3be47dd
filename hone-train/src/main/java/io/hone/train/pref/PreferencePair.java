package io.hone.train.pref;

import io.hone.train.data.Example;

/** A tokenized pair: the same prompt with the preferred and the dispreferred completion (only completions labelled). */
public record PreferencePair(Example chosen, Example rejected) {}
