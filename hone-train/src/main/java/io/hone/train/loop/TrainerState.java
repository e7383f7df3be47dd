package io.hone.train.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where training stands, saved as {@code trainer_state.json} in each checkpoint: enough, with the seed, to continue
 * bit for bit. The data position is (epoch, micro-batch within the epoch): each epoch's order is recomputed from
 * (seed, epoch). {@code microBatches} counts every forward/backward so far; with the seed it draws the dropout masks.
 */
public record TrainerState(long step, long epoch, long microInEpoch, long microBatches, long totalSteps, TrainConfig config) {
    public static final String FILE = "trainer_state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path dir) {
        ObjectNode n = JSON.createObjectNode();
        n.put("global_step", step);
        n.put("epoch", epoch);
        n.put("micro_batch_in_epoch", microInEpoch);
        n.put("micro_batches", microBatches);
        n.put("total_steps", totalSteps);
        n.put("seed", config.seed());
        n.set("config", JSON.valueToTree(config));
        try {
            JSON.writeValue(dir.resolve(FILE).toFile(), n);
        } catch (IOException e) {
            throw new HoneException(dir.resolve(FILE) + ": cannot write (" + e.getMessage() + ")");
        }
    }

    public static TrainerState read(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            for (String f : new String[]{"global_step", "epoch", "micro_batch_in_epoch", "micro_batches", "total_steps", "config"}) {
                if (!n.has(f)) throw new HoneException(file + ": missing field '" + f + "'");
            }
            return new TrainerState(n.get("global_step").asLong(), n.get("epoch").asLong(), n.get("micro_batch_in_epoch").asLong(),
                    n.get("micro_batches").asLong(), n.get("total_steps").asLong(), JSON.treeToValue(n.get("config"), TrainConfig.class));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new HoneException(dir + ": not a checkpoint (no " + FILE + ")");
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
