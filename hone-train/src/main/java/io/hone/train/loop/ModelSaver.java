package io.hone.train.loop;

import java.nio.file.Path;

/** Writes the trained weights into a folder: a PEFT adapter, or a full model. */
@FunctionalInterface
public interface ModelSaver {
    void save(Path dir);
}
