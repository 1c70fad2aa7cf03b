package dev.bdsim.cli;

import dev.bdsim.io.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** How fast this machine multiplies FP32 matrices: NumPy's matmul on one thread, the bench's yardstick for the functional GEMM. */
final class NumpyMatmul {
    private static final String SCRIPT = String.join("\n",
            "import sys, time",
            "import numpy as np",
            "m, n, k, seconds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])",
            "rng = np.random.default_rng(1)",
            "a = rng.standard_normal((m, k), dtype=np.float32)",
            "b = rng.standard_normal((k, n), dtype=np.float32)",
            "def run(limit):",
            "    runs, start = 0, time.perf_counter()",
            "    while True:",
            "        a @ b",
            "        runs += 1",
            "        now = time.perf_counter()",
            "        if now - start >= limit:",
            "            return runs / (now - start)",
            "run(seconds / 3)",
            "print(run(seconds) * m * n * k)",
            "");

    private NumpyMatmul() {}

    /** MAC/s of {@code [m x k] @ [k x n]} in float32 on one thread, or NaN when python3 or numpy is missing. */
    static double macsPerSecond(int m, int n, int k, double seconds) throws IOException, InterruptedException {
        if (!Processes.onPath("python3")) {
            return Double.NaN;
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("python3", "-c", SCRIPT, Integer.toString(m), Integer.toString(n),
                Integer.toString(k), Double.toString(seconds))).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        for (String threads : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")) {
            env.put(threads, "1");
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            return Double.NaN; // no numpy: the bench reports it as not measured
        }
        try {
            return Double.parseDouble(out.lines().reduce((first, last) -> last).orElse(""));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
