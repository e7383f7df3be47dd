package io.hone.improve.moves;

import io.hone.eval.lm.LocalModel;
import io.hone.eval.lm.OpenAiEndpoint;
import io.hone.server.HoneServer;
import io.hone.server.ServedModels;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The reflector behind an OpenAI-compatible endpoint (hone serve on 127.0.0.1) writes what the same model writes in process. */
class ReflectorEndpointTest {
    static final Path TINY = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"), "tiny-llama");

    @Test
    void endpointReflectionEqualsInProcessReflection() throws Exception {
        List<String> feedback = List.of("Input: What color is the Zor 1?\nOutput: blue\nFeedback: wrong; the expected answer is \"color: red\".");
        try (var local = LocalModel.open(TINY, null);
             var server = HoneServer.start(ServedModels.load(TINY, "tiny-llama", Map.of(), null), HoneServer.Options.local(0, null))) {
            var viaHttp = new LmReflector(new OpenAiEndpoint(server.url(), "tiny-llama"), "tiny-llama at " + server.url(), 24, 0);
            var inProcess = new LmReflector(local, "tiny-llama", 24, 0);
            assertThat(local.supportsChat()).isTrue();
            String a = viaHttp.propose("Answer briefly.", feedback, 1);
            String b = inProcess.propose("Answer briefly.", feedback, 1);
            assertThat(a).isNotBlank().isEqualTo(b);
        }
    }
}
