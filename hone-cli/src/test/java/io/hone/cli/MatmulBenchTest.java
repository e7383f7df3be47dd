package io.hone.cli;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatmulBenchTest {
    @Test
    void parsesShapes() {
        assertThat(MatmulBench.Shape.parse("1024x576x1536")).isEqualTo(new MatmulBench.Shape(1024, 576, 1536));
        assertThat(MatmulBench.Shape.parse(" 2X3x4 ")).isEqualTo(new MatmulBench.Shape(2, 3, 4));
        assertThatThrownBy(() -> MatmulBench.Shape.parse("10x20"))
                .hasMessage("shape '10x20' is not MxKxN, e.g. 1024x576x1536");
        assertThatThrownBy(() -> MatmulBench.Shape.parse("0x2x3"))
                .hasMessage("shape '0x2x3' needs three positive integers MxKxN");
    }

    @Test
    void printsTableAndJsonWithoutAnchor() {
        Cli r = Cli.run("bench", "matmul", "--shapes", "8x16x24", "--layout", "nn", "--anchor", "none",
                "--warmup", "1", "--iters", "2", "--rounds", "1");
        int rc = r.code();
        String out = r.out();
        assertThat(rc).isZero();
        assertThat(out).contains("torch off").containsPattern("8x16x24\\s+nn\\s+[0-9.]+\\s+-\\s+-\\s+-");
        assertThat(out).containsPattern("\\{\"shape\":\"8x16x24\",\"m\":8,\"k\":16,\"n\":24,\"layout\":\"nn\",\"threads\":\\d+,\"hone_gflops\":[0-9.]+,\"torch_gflops\":null,\"ratio\":null,\"cpu_ratio\":null,"
                + "\"isa\":\"[^\"]+\",\"vector_bits\":\\d+,\"use_avx\":(\\d|null),\"gemm_kernel\":\"\\d+x\\d+\",\"openblas_core\":null\\}");
        assertThat(out).containsPattern("ISA: .+ \\(\\S+, \\d+-bit vectors, \\d+ registers.*\\), GEMM kernel \\d+x\\d+ \\((auto|-Dhone.gemm.kernel)\\)");
    }
}
