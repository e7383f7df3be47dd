package io.hone.improve.moves;

import java.util.List;

/** Writes a better instruction from the current one and the metric's feedback on examples (GEPA's reflection step). */
public interface Reflector {
    /** Who reflects (the task model, or an endpoint's model name), for reports. */
    String name();

    /** A new instruction, or "" when the reply held none. */
    String propose(String instruction, List<String> feedback, long seed);
}
