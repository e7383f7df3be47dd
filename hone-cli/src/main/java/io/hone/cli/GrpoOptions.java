package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.eval.metric.GenerativeMetric;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.Metrics;
import io.hone.eval.prompt.Prompt;
import io.hone.eval.prompt.PromptFile;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;
import io.hone.eval.task.Task;
import io.hone.train.data.DataSplit;
import io.hone.train.loop.Finetune;
import io.hone.train.rl.GrpoSettings;
import io.hone.train.rl.Reward;
import io.hone.train.rl.RlPrompt;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code hone finetune --stage grpo}'s options: the task whose metric is the reward, and the rollouts. */
final class GrpoOptions {
    @Option(names = "--task", description = "grpo: task JSONL ({\"input\", \"target\"} per line, as hone eval reads); its metric is the reward.")
    Path task;
    @Option(names = "--metric", defaultValue = "em", description = "grpo: reward metric em, contains, regex or f1 (default ${DEFAULT-VALUE}).")
    String metric;
    @Option(names = "--prompt", description = "grpo: prompt program JSON that renders each input (default: \"Question: {input}\\nAnswer:\").")
    Path prompt;
    @Option(names = "--num-generations", defaultValue = "8", description = "grpo: completions sampled per prompt (default ${DEFAULT-VALUE}).")
    int generations;
    @Option(names = "--temperature", defaultValue = "1.0", description = "grpo: sampling temperature of the rollouts (default ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--top-k", defaultValue = "0", description = "grpo: rollouts draw from the k most likely tokens only (default ${DEFAULT-VALUE}: all).")
    int topK;
    @Option(names = "--top-p", defaultValue = "1.0", description = "grpo: rollouts draw from the smallest set of tokens with this probability mass (default ${DEFAULT-VALUE}: all).")
    double topP;
    @Option(names = "--max-new-tokens", defaultValue = "32", description = "grpo: longest completion (default ${DEFAULT-VALUE}).")
    int maxNewTokens;
    @Option(names = "--epsilon", defaultValue = "0.2", description = "grpo: clip epsilon (default ${DEFAULT-VALUE}).")
    double epsilon;
    @Option(names = "--epsilon-high", description = "grpo: upper clip epsilon (DAPO's clip-higher; default --epsilon).")
    Double epsilonHigh;
    @Option(names = "--format-reward", description = "grpo: a regex; a completion it finds in gets --format-weight added to its reward.")
    String formatReward;
    @Option(names = "--format-weight", defaultValue = "0.5", description = "grpo: reward added by --format-reward (default ${DEFAULT-VALUE}).")
    double formatWeight;

    /** Prompts (a seeded validation split of the task when {@code valSplit} > 0), reward and rollout settings. */
    Finetune.Rl rl(double beta, double valSplit, long seed) {
        if (task == null) throw new HoneException("--stage grpo needs --task (a task JSONL whose metric is the reward)");
        Task t = Task.load(task);
        Metric m = Metrics.of(metric, "squad", "flexible");
        if (!(m instanceof GenerativeMetric gm)) throw new HoneException("--metric must score generated text (em, contains, regex or f1), got '" + metric + "'");
        PromptProgram program = prompt != null ? PromptFile.read(prompt) : PromptProgram.zeroShot(PromptProgram.Mode.COMPLETION);
        if (program.mode() != PromptProgram.Mode.COMPLETION) throw new HoneException(prompt + ": GRPO renders completion-mode prompts; this one is chat");
        Pattern format = null;
        if (formatReward != null) {
            try {
                format = Pattern.compile(formatReward);
            } catch (PatternSyntaxException e) {
                throw new HoneException("--format-reward is not a valid regex: " + e.getDescription());
            }
        }
        List<RlPrompt> all = t.examples().stream().map(e -> prompt(program, e)).toList();
        DataSplit<RlPrompt> split = DataSplit.of(all, valSplit, seed);
        Pattern fmt = format;
        Reward reward = (p, completion) -> gm.judge(completion, p.targets()).score()
                + (fmt != null && fmt.matcher(completion).find() ? formatWeight : 0);
        var settings = new GrpoSettings(generations, temperature, maxNewTokens, beta, epsilon, epsilonHigh != null ? epsilonHigh : epsilon,
                program.stopStrings(), topK, topP);
        return new Finetune.Rl(split.train(), split.validation(), reward, settings);
    }

    private static RlPrompt prompt(PromptProgram program, Example e) {
        Prompt p = program.render(e);
        return new RlPrompt(e.id(), ((Prompt.Text) p).text(), e.targets());
    }
}
