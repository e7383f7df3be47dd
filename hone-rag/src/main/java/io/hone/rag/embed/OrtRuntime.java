package io.hone.rag.embed;

import ai.onnxruntime.OrtEnvironment;

/** The process-wide ONNX Runtime environment. */
final class OrtRuntime {
    private static volatile OrtEnvironment env;

    private OrtRuntime() {
    }

    /**
     * ONNX Runtime 1.29's environment setup recurses deeply in native code and overflows a 1 MiB thread
     * stack (a SIGSEGV with no hs_err file, e.g. on a plain {@code java} main thread); so it runs once on a
     * thread with a 16 MiB stack. Sessions and inference are fine on ordinary threads afterwards.
     */
    static OrtEnvironment environment() {
        if (env == null) {
            synchronized (OrtRuntime.class) {
                if (env == null) {
                    OrtEnvironment[] holder = new OrtEnvironment[1];
                    RuntimeException[] failure = new RuntimeException[1];
                    Thread t = Thread.ofPlatform().name("ort-init").stackSize(16L << 20).start(() -> {
                        try {
                            holder[0] = OrtEnvironment.getEnvironment();
                        } catch (RuntimeException e) {
                            failure[0] = e;
                        }
                    });
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while starting ONNX Runtime", e);
                    }
                    if (failure[0] != null) throw failure[0];
                    env = holder[0];
                }
            }
        }
        return env;
    }
}
