package io.hone.cli;

import io.hone.core.kernel.Isa;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmarks print about the ISA they ran with: hone's vector width, registers, HotSpot's UseAVX and GEMM
 * tile ({@link Isa}), and the OpenBLAS core type PyTorch's anchor ran with ({@code openblas_get_corename}, which
 * {@code OPENBLAS_CORETYPE} sets: Haswell is OpenBLAS's AVX2 kernel set, SkylakeX/Cooperlake its AVX-512 ones).
 */
final class BenchIsa {
    /** Python that prints the core type of the OpenBLAS this process loaded (after torch has used it); "unknown" else. */
    static final String CORENAME_PY = """
            def openblas_core():
                import ctypes
                try:
                    for line in open("/proc/self/maps"):
                        if "openblas" in line.lower() and line.split()[-1].startswith("/"):
                            f = ctypes.CDLL(line.split()[-1]).openblas_get_corename
                            f.restype = ctypes.c_char_p
                            return f().decode()
                except (OSError, AttributeError):
                    pass
                return "unknown"
            """;

    private BenchIsa() {}

    /** The environment the PyTorch anchors run in: OPENBLAS_CORETYPE kept (it picks the ISA), OPENBLAS_L2_SIZE removed. */
    static void anchorEnvironment(Map<String, String> env) {
        env.remove("OPENBLAS_L2_SIZE");
    }

    /** The ISA line for hone's side, e.g. {@code ISA: AVX2 (amd64, 256-bit vectors, 16 registers, UseAVX=2), GEMM kernel 6x2 (auto)}. */
    static String hone() {
        return Isa.describe();
    }

    /** The anchor's line: OpenBLAS's core type, and how it was chosen. */
    static String openBlas(String core) {
        String forced = System.getenv("OPENBLAS_CORETYPE");
        return "OpenBLAS core: " + (core == null ? "unknown" : core)
                + (forced == null || forced.isBlank() ? " (detected)" : " (OPENBLAS_CORETYPE=" + forced + ")");
    }

    /** A warning when hone and OpenBLAS run different vector widths (e.g. hone with -XX:UseAVX=2, OpenBLAS AVX-512). */
    static String mismatch(String core) {
        if (core == null) return null;
        String c = core.toLowerCase(Locale.ROOT);
        boolean blas512 = c.contains("skylakex") || c.contains("cooperlake") || c.contains("sapphire") || c.contains("zen5");
        boolean hone512 = Isa.vectorBits() >= 512;
        if (blas512 == hone512) return null;
        return "note: hone runs " + Isa.vectorBits() + "-bit vectors but OpenBLAS runs its " + core + " kernels"
                + (hone512 ? "" : "; set OPENBLAS_CORETYPE=Haswell to compare AVX2 with AVX2");
    }

    /** OpenBLAS's core type as a separate python with torch sees it (for anchors that are scripts); null when unavailable. */
    static String openBlasCoreOfTorch() {
        String py = CORENAME_PY + "import torch\ntorch.ones(8, 8) @ torch.ones(8, 8)\nprint(openblas_core())\n";
        try {
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", py).redirectError(ProcessBuilder.Redirect.DISCARD);
            anchorEnvironment(pb.environment());
            Process p = pb.start();
            try (InputStream in = p.getInputStream()) {
                String out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) return null;
                return out;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** JSON fields (no braces) for a benchmark's record. */
    static String json(String core) {
        var avx = Isa.useAvx();
        return String.format(Locale.ROOT, "\"isa\":\"%s\",\"vector_bits\":%d,\"use_avx\":%s,\"gemm_kernel\":\"%s\",\"openblas_core\":%s",
                Isa.name(), Isa.vectorBits(), avx.isPresent() ? Integer.toString(avx.getAsInt()) : "null", Isa.gemmKernel(),
                core == null ? "null" : "\"" + core + "\"");
    }
}
