package io.hone.train.parity;

import io.hone.core.parity.Check;
import io.hone.core.parity.FixtureParity;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** All adapter fixtures through the {@code hone parity} extension point: seven passing checks each. */
class AdapterParityCheckerTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @Test
    void everyAdapterFixturePasses() {
        List<Check> checks = new ArrayList<>();
        for (String d : List.of("tiny-llama/lora-all-linear", "tiny-qwen2/lora-rslora-qv", "tiny-qwen2/dora-attn")) {
            Path dir = FIXTURES.resolve(d);
            assertThat(new AdapterParity().applies(dir)).as(d).isTrue();
            FixtureParity.run(dir, c -> System.out.println(c.line()), List.of(new AdapterParity())).forEach(checks::add);
        }
        assertThat(checks).hasSize(21);
        assertThat(checks).allSatisfy(c -> assertThat(c.pass()).as(c.line()).isTrue());
        assertThat(new AdapterParity().applies(FIXTURES.resolve("tiny-qwen2"))).isFalse();
    }
}
