package io.hone.core.kernel;

import jdk.incubator.vector.FloatVector;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The vector ISA the kernels run with, as far as Java can see it: the Vector API's preferred vector length, the
 * CPU architecture and, on x86 HotSpot, the JIT's {@code UseAVX} level (not visible through the Vector API;
 * read from the HotSpot diagnostic bean). The number of vector registers follows: AVX-512 and NEON have 32,
 * AVX2 and SSE 16. Benchmarks print {@link #describe()} so every figure names the ISA it was measured with.
 */
public final class Isa {
    private Isa() {}

    /** Bits of {@code FloatVector.SPECIES_PREFERRED}: 512 (AVX-512), 256 (AVX2), 128 (NEON, SSE). */
    public static int vectorBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** {@code os.arch}: amd64, aarch64, ... */
    public static String arch() {
        return System.getProperty("os.arch", "unknown");
    }

    static boolean aarch64() {
        return arch().equals("aarch64");
    }

    static boolean x86() {
        String a = arch();
        return a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.equals("i386");
    }

    /** HotSpot's {@code -XX:UseAVX} (x86: 0..3), empty where the JVM has no such option. */
    public static OptionalInt useAvx() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return OptionalInt.of(Integer.parseInt(bean.getVMOption("UseAVX").getValue()));
        } catch (RuntimeException | LinkageError e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Vector registers the JIT can use: 32 with 512-bit vectors (AVX-512) and on aarch64 (NEON, SVE); on x86 with
     * shorter vectors, 32 when UseAVX is 3 (AVX-512 with vectors capped by {@code -XX:MaxVectorSize}), else 16.
     */
    public static int vectorRegisters() {
        if (aarch64() || vectorBits() >= 512) return 32;
        if (x86()) return useAvx().orElse(0) >= 3 ? 32 : 16;
        return 16;
    }

    /** A short name of the ISA class: AVX-512, AVX2, SSE, NEON or the bits and architecture. */
    public static String name() {
        int bits = vectorBits();
        if (aarch64()) return bits == 128 ? "NEON" : "SVE " + bits + "-bit";
        if (x86()) {
            OptionalInt avx = useAvx();
            if (bits >= 512 || avx.orElse(0) >= 3) return "AVX-512";
            if (bits == 256) return "AVX2";
            return "SSE";
        }
        return bits + "-bit " + arch();
    }

    /** The GEMM micro-kernel tile in use, MRxNV (rows x vectors), e.g. 6x4. */
    public static String gemmKernel() {
        return GemmKernelChoice.CHOSEN.id();
    }

    /**
     * One line for benchmark output, e.g. {@code ISA: AVX-512 (amd64, 512-bit vectors, 32 registers, UseAVX=3),
     * GEMM kernel 6x4 (auto)}.
     */
    public static String describe() {
        OptionalInt avx = useAvx();
        return String.format(Locale.ROOT, "ISA: %s (%s, %d-bit vectors, %d registers%s), GEMM kernel %s (%s)",
                name(), arch(), vectorBits(), vectorRegisters(), avx.isPresent() ? ", UseAVX=" + avx.getAsInt() : "",
                gemmKernel(), GemmKernelChoice.FORCED ? "-D" + GemmKernelChoice.PROPERTY : "auto");
    }
}
