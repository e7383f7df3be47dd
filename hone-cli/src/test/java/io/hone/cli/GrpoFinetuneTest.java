package io.hone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.improve.demo.BundledModel;
import io.hone.improve.demo.Catalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hone finetune --stage grpo} end to end on the bundled quickstart model: catalogue questions with their product
 * page as context, exact match (+ a format bonus) as the reward. Rollouts are seeded, so two runs give the same adapter.
 */
class GrpoFinetuneTest {
    @TempDir
    Path tmp;

    @Test
    void grpoRunsLogsTrlsMetricsAndIsReproducible() throws Exception {
        Path model = BundledModel.copyTo(tmp.resolve("model"));
        Path data = tmp.resolve("data");
        Catalogue.writePreferences(data, 0, 0, 12, 41);
        String[] common = {"finetune", "--model", model.toString(), "--stage", "grpo", "--task", data.resolve("held-out.jsonl").toString(),
                "--prompt", data.resolve("prompt.json").toString(), "--format-reward", "\\(\\w+\\)$", "--val-split", "0.25",
                "--steps", "2", "--batch", "2", "--num-generations", "4", "--max-new-tokens", "16", "--temperature", "0.7",
                "--lr", "1e-3", "--beta", "0.04"};
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        Cli first = Cli.run(Cli.concat(common, "--out", a.toString()));
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("data: 9 prompts for training, 3 for validation; GRPO: 4 generations per prompt at temperature 0.7",
                "beta 0.04, clip [0.8, 1.2]").containsPattern("done: 2 steps in .*, eval reward ");
        JsonNode step = FinetuneCommandTest.rows(a, "reward").getLast();
        for (String k : List.of("reward_std", "frac_reward_zero_std", "completion_length", "kl", "clip_ratio")) assertThat(step.has(k)).as(k).isTrue();
        assertThat(step.get("completion_length").asDouble()).isBetween(1.0, 16.0);
        assertThat(FinetuneCommandTest.rows(a, "eval_reward")).hasSize(2);
        assertThat(Files.readString(a.resolve("reward.html"))).contains("train reward", "eval reward");
        Cli second = Cli.run(Cli.concat(common, "--out", b.toString()));
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(Files.readAllBytes(b.resolve("adapter/adapter_model.safetensors")))
                .isEqualTo(Files.readAllBytes(a.resolve("adapter/adapter_model.safetensors")));
    }

    /** A run stopped after its checkpoint and resumed draws the same rollouts and ends with the uninterrupted run's adapter. */
    @Test
    void resumedGrpoEndsWithTheSameAdapterAsAnUninterruptedRun() throws Exception {
        Path model = BundledModel.copyTo(tmp.resolve("model"));
        Path data = tmp.resolve("data");
        Catalogue.writePreferences(data, 0, 0, 12, 41);
        String[] common = {"finetune", "--model", model.toString(), "--stage", "grpo", "--task", data.resolve("held-out.jsonl").toString(),
                "--prompt", data.resolve("prompt.json").toString(), "--format-reward", "\\(\\w+\\)$", "--batch", "2",
                "--num-generations", "4", "--max-new-tokens", "16", "--temperature", "0.7", "--lr", "1e-3", "--schedule", "constant",
                "--dropout", "0.1"};
        FinetuneCommandTest.assertResumeEqualsUninterrupted(tmp, common, "reward");
    }

    /**
     * A reward the policy reaches by sampling: 1 when the completion contains a "7". The base's greedy answers to the
     * validation questions hold none; 40 steps of GRPO make some of them do (0 → 0.225 measured).
     */
    @Test
    void grpoLearnsAToyRewardItCanSample() throws Exception {
        Path model = BundledModel.copyTo(tmp.resolve("model"));
        Path data = tmp.resolve("data");
        Catalogue.writePreferences(data, 0, 0, 400, 41);
        Path out = tmp.resolve("toy");
        Cli r = Cli.run("finetune", "--model", model.toString(), "--stage", "grpo", "--task", data.resolve("held-out.jsonl").toString(),
                "--prompt", data.resolve("prompt.json").toString(), "--metric", "em", "--format-reward", "7", "--format-weight", "1",
                "--out", out.toString(), "--val-split", "0.1", "--steps", "40", "--batch", "4", "--num-generations", "8",
                "--max-new-tokens", "12", "--temperature", "1.0", "--lr", "1e-3", "--eval-every", "20", "--dropout", "0");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> evals = FinetuneCommandTest.rows(out, "eval_reward");
        assertThat(evals.getFirst().get("eval_reward").asDouble()).isZero();
        assertThat(evals.getLast().get("eval_reward").asDouble()).isGreaterThanOrEqualTo(0.1);
    }

    @Test
    void badGrpoInputIsOneLineAndExitTwo() throws Exception {
        Path model = BundledModel.copyTo(tmp.resolve("model")), out = tmp.resolve("bad");
        Path data = tmp.resolve("data");
        Catalogue.writePreferences(data, 0, 0, 4, 41);
        Cli r = Cli.run("finetune", "--model", model.toString(), "--stage", "grpo", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--stage grpo needs --task");
        r = Cli.run("finetune", "--model", model.toString(), "--method", "grpo", "--data", data.resolve("held-out.jsonl").toString(), "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--stage grpo reads its prompts from --task, not --data");
        r = Cli.run("finetune", "--model", model.toString(), "--stage", "grpo", "--task", data.resolve("held-out.jsonl").toString(),
                "--num-generations", "1", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("GRPO needs at least 2 generations per prompt, got 1");
        r = Cli.run("finetune", "--model", model.toString(), "--stage", "grpo", "--task", data.resolve("held-out.jsonl").toString(),
                "--metric", "ppl", "--out", out.toString());
        assertThat(r.code()).isEqualTo(2);
        for (String[] bad : List.of(new String[] {"--top-k", "-1", "GRPO's top-k must be 0 (off) or positive, got -1"},
                new String[] {"--top-p", "0", "GRPO's top-p must be in (0, 1], got 0.0"}, new String[] {"--top-p", "1.5", "GRPO's top-p must be in (0, 1], got 1.5"})) {
            r = Cli.run("finetune", "--model", model.toString(), "--stage", "grpo", "--task", data.resolve("held-out.jsonl").toString(),
                    bad[0], bad[1], "--out", out.toString());
            assertThat(r.code()).as(bad[0] + " " + bad[1]).isEqualTo(2);
            assertThat(r.err()).contains(bad[2]);
            assertThat(r.err().strip().lines()).hasSize(1);
        }
        assertThat(out).doesNotExist();
    }

    /** {@code --top-k 1} leaves each rollout only its most likely token: every group is the greedy answer G times. */
    @Test
    void topKOneMakesEveryRolloutTheGreedyAnswer() throws Exception {
        Path model = BundledModel.copyTo(tmp.resolve("model")), out = tmp.resolve("k1");
        Path data = tmp.resolve("data");
        Catalogue.writePreferences(data, 0, 0, 8, 41);
        Cli r = Cli.run("finetune", "--model", model.toString(), "--stage", "grpo", "--task", data.resolve("held-out.jsonl").toString(),
                "--prompt", data.resolve("prompt.json").toString(), "--format-reward", "7", "--format-weight", "1", "--out", out.toString(),
                "--steps", "2", "--batch", "4", "--num-generations", "4", "--max-new-tokens", "12", "--temperature", "1.0", "--top-k", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("GRPO: 4 generations per prompt at temperature 1.0, top-k 1, up to 12 new tokens");
        for (JsonNode step : FinetuneCommandTest.rows(out, "reward")) {
            assertThat(step.get("frac_reward_zero_std").asDouble()).isEqualTo(1.0);
            assertThat(step.get("loss").asDouble()).isZero();
        }
    }
}
