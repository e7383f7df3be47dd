package io.hone.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hone.core.HoneException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code --config FILE}: a YAML or JSON mapping whose keys are a command's long option names without dashes
 * ({@code max-seq-len} or {@code max_seq_len}). Each value is converted exactly as on the command line, and applied only
 * where the option was not given on the command line. Lists become comma-separated values; {@code true} sets a flag.
 */
final class TrainingConfigFile {
    private TrainingConfigFile() {}

    static void apply(Path file, CommandSpec spec) {
        JsonNode root = read(file);
        if (!root.isObject()) throw new HoneException(file + ": expected a mapping of option names to values");
        var args = new ArrayList<String>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            String name = "--" + e.getKey().replace('_', '-');
            OptionSpec o = spec.findOption(name);
            if (o == null || name.equals("--config") || o.usageHelp() || o.versionHelp()) {
                throw new HoneException(file + ": unknown key '" + e.getKey() + "'");
            }
            JsonNode v = e.getValue();
            if (o.typeInfo().isBoolean()) {
                if (!v.isBoolean()) throw new HoneException(file + ": key '" + e.getKey() + "' must be true or false");
                if (v.asBoolean()) args.add(name);
            } else if (v.isArray()) {
                var parts = new ArrayList<String>();
                v.forEach(x -> parts.add(x.asText()));
                args.add(name);
                args.add(String.join(",", parts));
            } else if (v.isValueNode() && !v.isNull()) {
                args.add(name);
                args.add(v.asText());
            } else {
                throw new HoneException(file + ": key '" + e.getKey() + "' must be a value or a list");
            }
        }
        CommandLine parsed = new CommandLine(spec.userObject().getClass());
        CommandLine.ParseResult fromFile;
        try {
            fromFile = parsed.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new HoneException(file + ": " + e.getMessage());
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        for (OptionSpec o : fromFile.matchedOptions()) {
            if (!given.hasMatchedOption(o.longestName())) spec.findOption(o.longestName()).setValue(o.getValue());
        }
    }

    private static JsonNode read(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        try {
            return mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new HoneException(file + ": file not found");
        } catch (JsonProcessingException e) {
            throw new HoneException(file + ": cannot parse (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }
}
