package io.hone.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ParityCommandTest {
    @Test
    void allSharedFixturesPass() {
        Cli r = Cli.run("parity", "--fixture", Cli.FIXTURES.toString());
        System.out.print(r.out());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("PASS tiny-llama logits", "PASS tiny-qwen2 logits", "PASS tiny-llama3-rope logits")
                .contains("PASS tiny-llama3-rope greedy ids")
                .contains("PASS tiny-llama tokenizer ids (25 cases)", "PASS llama3 tokenizer ids_no_special (29 cases)")
                .contains("PASS llama3 tokenizer Meta test vector")
                .contains("chat template")
                .contains("PASS tiny-llama/lora-all-linear AdamW trajectory (12 losses)", "PASS tiny-qwen2/lora-rslora-qv AdamW trajectory (12 losses)",
                        "PASS tiny-qwen2/dora-attn AdamW trajectory (12 losses)")
                .contains("PASS tiny-qwen2/dora-attn gradients (24)", "PASS tiny-qwen2/dora-attn trained adapter tensors (24)",
                        "PASS tiny-llama/lora-all-linear merged logits", "PASS tiny-qwen2/lora-rslora-qv trained logits (eval)")
                .doesNotContain("FAIL");
        assertThat(r.out()).containsPattern("\\d+ checks, \\d+ passed, 0 failed");
    }

    @Test
    void emptyFolderIsAClearError(@TempDir Path dir) {
        Cli r = Cli.run("parity", "--fixture", dir.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("hone: " + dir + ": no fixture found").doesNotContain("\n");
    }
}
