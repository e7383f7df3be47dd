package io.hone.train.data;

import io.hone.core.HoneException;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the trainer reads: the training rows (examples, or packed rows of several examples) and the validation
 * examples (never packed), with counts for the start-of-run summary.
 */
public record TrainData(List<TrainingSequence> rows, List<TrainingSequence> validation, int examples, int dropped, long trainedTokens) {

    /** Options that decide how records become rows. */
    public record Options(int maxSeqLen, boolean packing, boolean trainOnPrompt, double valSplit, Path valFile, long seed) {}

    /** Reads and tokenizes {@code file} (and the validation file or split); any bad line fails before training. */
    public static TrainData load(Path file, Options o, Encoder enc) {
        List<Sample> samples = JsonlReader.read(file);
        DataSplit<Sample> split = DataSplit.of(samples, o.valFile(), JsonlReader::read, o.valSplit(), o.seed());
        Encoder.Encoded train = enc.encodeAll(split.train());
        if (train.examples().isEmpty()) {
            throw new HoneException(file + ": no example has a token to train on after masking and truncation to " + o.maxSeqLen() + " tokens");
        }
        Encoder.Encoded val = enc.encodeAll(split.validation());
        long trained = train.examples().stream().mapToLong(TrainingSequence::trainedTokens).sum();
        List<TrainingSequence> rows = o.packing() ? Packing.pack(train.examples(), o.maxSeqLen()) : train.examples();
        return new TrainData(rows, val.examples(), train.examples().size(), train.dropped() + val.dropped(), trained);
    }
}
