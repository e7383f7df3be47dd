package io.hone.improve.moves;

import io.hone.improve.search.Configuration;
import io.hone.improve.search.Scored;

/**
 * One way to make a new configuration from a parent. Applying it may cost model calls (sampling, reflection) and
 * training steps; the search charges them to the child. {@code name} is unique per parent: a move is tried once
 * on a given parent.
 */
public interface Move {
    String lever();

    String name();

    /** The child configuration, or null when the move has nothing new to offer for this parent. */
    Child apply(Scored parent, MoveContext ctx);

    /** A proposed configuration, what made it, and the training steps spent on it. */
    record Child(Configuration config, String how, long steps) {}
}
