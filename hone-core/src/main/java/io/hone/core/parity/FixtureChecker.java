package io.hone.core.parity;

import java.nio.file.Path;
import java.util.List;

/**
 * Fixture checks contributed by a module above core (e.g. hone-train's adapter training checks), so that
 * {@link FixtureParity} can run them without core depending on that module.
 */
public interface FixtureChecker {
    /** Whether {@code dir} is a fixture folder of this checker's kind. */
    boolean applies(Path dir);

    List<Check> run(Path dir);
}
