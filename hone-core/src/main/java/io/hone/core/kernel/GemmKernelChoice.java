package io.hone.core.kernel;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which GEMM micro-kernel tile this JVM runs, chosen once at startup from the vector length and the number of
 * vector registers ({@link Isa}), as BLIS keeps one register-blocking per architecture:
 * <ul>
 *   <li>32 registers of 256 or 512 bits (AVX-512): 6×4 vectors, 24 accumulators;</li>
 *   <li>32 registers of 128 bits (NEON): 8×3, BLIS's armv8a 8×12 tile;</li>
 *   <li>16 registers (AVX2, or SSE): 6×2, 12 accumulators, BLIS's haswell 6×16 tile (6×4 would spill).</li>
 * </ul>
 * {@code -Dhone.gemm.kernel=MRxNV} (e.g. {@code 6x2}) forces a tile, {@code auto} (the default) chooses.
 */
final class GemmKernelChoice {
    static final String PROPERTY = "hone.gemm.kernel";

    /** The tile every GEMM of this JVM uses (the packed-panel width {@link GemmPanels#PANEL} follows it). */
    static final GemmMicroKernel CHOSEN = choose(Isa.vectorBits(), Isa.vectorRegisters(), System.getProperty(PROPERTY));

    /** Whether the tile was forced by the property rather than chosen by ISA. */
    static final boolean FORCED = !isAuto(System.getProperty(PROPERTY));

    private GemmKernelChoice() {}

    static GemmMicroKernel choose(int vectorBits, int registers, String forced) {
        if (!isAuto(forced)) return byId(forced.trim());
        if (registers >= 32) return vectorBits <= 128 ? GemmMicroKernel.K8x3 : GemmMicroKernel.K6x4;
        return GemmMicroKernel.K6x2;
    }

    static GemmMicroKernel byId(String id) {
        for (GemmMicroKernel k : GemmMicroKernel.values()) {
            if (k.id().equals(id.toLowerCase(Locale.ROOT))) return k;
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + id + " is not a GEMM kernel; use auto or one of "
                + Arrays.stream(GemmMicroKernel.values()).map(GemmMicroKernel::id).collect(Collectors.joining(", ")));
    }

    private static boolean isAuto(String value) {
        return value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto");
    }
}
