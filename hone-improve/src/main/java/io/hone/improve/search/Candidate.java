package io.hone.improve.search;

/**
 * A configuration with its place in the search: its parent, the move that made it from the parent (its lever, and
 * {@code how}: what the move did, e.g. which data an adapter was trained on) and the round it was made in.
 */
public record Candidate(String id, String parent, String move, String lever, String how, int round, Configuration config) {}
