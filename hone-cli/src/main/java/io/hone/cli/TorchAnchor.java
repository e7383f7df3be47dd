package io.hone.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long-lived /usr/bin/python3 running PyTorch matmuls on request, so hone and torch can alternate
 * shape by shape. OPENBLAS_L2_SIZE is removed for it (it slows OpenBLAS down); OPENBLAS_CORETYPE is kept, so
 * {@code OPENBLAS_CORETYPE=Haswell} runs OpenBLAS's AVX2 kernels next to hone with {@code -XX:UseAVX=2}.
 */
final class TorchAnchor implements AutoCloseable {
    private static final String SCRIPT = BenchIsa.CORENAME_PY + """
            import sys, time, torch
            torch.set_num_threads(int(sys.argv[1]))
            torch.ones(8, 8) @ torch.ones(8, 8)
            print("ready", openblas_core(), torch.__version__, flush=True)
            for line in sys.stdin:
                m, k, n, layout, warmup, iters = line.split()
                m, k, n, warmup, iters = int(m), int(k), int(n), int(warmup), int(iters)
                g = torch.Generator().manual_seed(0)
                if layout == "nt":
                    a, b = torch.randn(m, k, generator=g), torch.randn(n, k, generator=g)
                    f = lambda: a @ b.T
                elif layout == "nn":
                    a, b = torch.randn(m, k, generator=g), torch.randn(k, n, generator=g)
                    f = lambda: a @ b
                else:
                    a, b = torch.randn(k, m, generator=g), torch.randn(k, n, generator=g)
                    f = lambda: a.T @ b
                for _ in range(warmup):
                    f()
                ts = []
                cpu = time.process_time()
                for _ in range(iters):
                    t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
                cpu = time.process_time() - cpu
                print(" ".join(repr(t) for t in ts), "cpu=" + repr(cpu), flush=True)
            """;

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    final String version;
    /** OpenBLAS's core type in the anchor (openblas_get_corename), e.g. Haswell or Cooperlake. */
    final String openBlasCore;
    /** CPU seconds of the anchor process (all threads) over the last timed calls. */
    double lastCpu;

    private TorchAnchor(Process process, BufferedReader out, Writer in, String openBlasCore, String version) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.openBlasCore = openBlasCore;
        this.version = version;
    }

    /** Starts python with torch, or returns null and says why on stderr. */
    static TorchAnchor start(int threads) {
        String python = "/usr/bin/python3";
        try {
            ProcessBuilder pb = new ProcessBuilder(python, "-c", SCRIPT, Integer.toString(threads));
            BenchIsa.anchorEnvironment(pb.environment());
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null || !first.startsWith("ready")) {
                p.destroy();
                System.err.println("bench: PyTorch anchor unavailable (" + python + " -c 'import torch' failed); showing hone only");
                return null;
            }
            String[] ready = first.split(" ", 3);
            return new TorchAnchor(p, out, new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8),
                    ready[1], ready.length > 2 ? ready[2].trim() : "");
        } catch (IOException e) {
            System.err.println("bench: PyTorch anchor unavailable (" + e.getMessage() + "); showing hone only");
            return null;
        }
    }

    /** Seconds per call for each timed iteration. */
    double[] time(int m, int k, int n, String layout, int warmup, int iters) throws IOException {
        in.write(String.join(" ", List.of(Integer.toString(m), Integer.toString(k), Integer.toString(n), layout,
                Integer.toString(warmup), Integer.toString(iters))) + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) throw new IOException("PyTorch anchor exited");
        String[] parts = line.trim().split(" ");
        int count = parts[parts.length - 1].startsWith("cpu=") ? parts.length - 1 : parts.length;
        lastCpu = count < parts.length ? Double.parseDouble(parts[count].substring(4)) : Double.NaN;
        double[] t = new double[count];
        for (int i = 0; i < count; i++) t[i] = Double.parseDouble(parts[i]);
        return t;
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroy();
        } catch (IOException | InterruptedException e) {
            process.destroy();
        }
    }
}
