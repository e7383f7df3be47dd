package io.hone.core.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ModelParityTest {
    static final Path FIXTURES = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"));

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-llama3-rope"})
    void matchesTransformers(String model) {
        List<Check> checks = ModelParity.run(FIXTURES.resolve(model));
        checks.forEach(c -> System.out.println(c.line()));
        assertThat(checks).hasSize(3).allSatisfy(c -> assertThat(c.pass()).as(c.line()).isTrue());
    }
}
