package io.hone.train.pref;

import io.hone.core.HoneException;
import io.hone.train.data.DataSplit;
import io.hone.train.data.Encoder;
import io.hone.train.data.TrainData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training and validation pairs read from a preference file (and a validation file or a seeded split). A pair whose
 * chosen or rejected completion has nothing left after truncation to the maximum length is dropped and counted.
 */
public record PreferenceData(List<PreferencePair> train, List<PreferencePair> validation, int records, int dropped) {

    /** Reads and tokenizes; the encoder must not train on prompts. Any bad line fails before training. */
    public static PreferenceData load(Path file, TrainData.Options o, Encoder enc) {
        if (o.packing()) throw new HoneException("packing does not apply to preference data (each pair is its own rows)");
        if (o.trainOnPrompt()) throw new HoneException("--train-on-prompt does not apply to preference data (only completions are compared)");
        List<PreferenceRecord> records = PreferenceRecord.read(file);
        DataSplit<PreferenceRecord> split = DataSplit.of(records, o.valFile(), PreferenceRecord::read, o.valSplit(), o.seed());
        int[] dropped = {0};
        List<PreferencePair> train = encode(split.train(), enc, dropped), val = encode(split.validation(), enc, dropped);
        if (train.isEmpty()) {
            throw new HoneException(file + ": no pair has a chosen and a rejected completion left after truncation to " + o.maxSeqLen() + " tokens");
        }
        return new PreferenceData(train, val, split.train().size(), dropped[0]);
    }

    public static List<PreferencePair> encode(List<PreferenceRecord> records, Encoder enc, int[] dropped) {
        var out = new ArrayList<PreferencePair>(records.size());
        for (PreferenceRecord r : records) {
            PreferencePair p = switch (r) {
                case PreferenceRecord.Text t -> pair(enc.completion(t.prompt(), t.chosen()), enc.completion(t.prompt(), t.rejected()));
                case PreferenceRecord.Chat c -> pair(enc.completion(c.prompt(), c.chosen()), enc.completion(c.prompt(), c.rejected()));
            };
            if (p == null) dropped[0]++;
            else out.add(p);
        }
        return out;
    }

    private static PreferencePair pair(io.hone.train.data.TrainingSequence chosen, io.hone.train.data.TrainingSequence rejected) {
        return chosen == null || rejected == null ? null : new PreferencePair(chosen, rejected);
    }

    public long trainedTokens() {
        long n = 0;
        for (PreferencePair p : train) n += p.chosen().trainedTokens() + p.rejected().trainedTokens();
        return n;
    }
}
