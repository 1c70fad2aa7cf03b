package dev.bdsim.cli;

import dev.bdsim.format.BlockFormat.Role;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.Formatbook;
import dev.bdsim.format.QuantizedTensor;
import dev.bdsim.gemm.AccumulatorSpec;
import dev.bdsim.gemm.ReferenceGemm;
import dev.bdsim.quant.OfflineMseQuantizer;
import dev.bdsim.quant.TwoStageQuantizer;
import dev.bdsim.trace.Fp16Matrix;
import dev.bdsim.trace.ShippedTraces;
import dev.bdsim.trace.Traces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures single-thread throughput: the two-stage DialectFP4 quantizer (elements/s) and the",
                "functional DialectFP4 GEMM (MAC/s), on a real trace. Warm-up runs are discarded."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--trace", paramLabel = "TRACE", description = "Activation trace (default: the first shipped trace)")
    String trace;

    @Option(names = "--seconds", description = "Measuring time per benchmark (default: ${DEFAULT-VALUE})")
    double seconds = 3;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String source = trace != null ? trace : ShippedTraces.load().tensors().get(0).path().toString();
        Fp16Matrix x = Traces.open(source).readAll();
        Formatbook book = Formatbook.standard();
        DialectFp4Format format = new DialectFp4Format("dialectfp4", book, 32, new TwoStageQuantizer(book), new OfflineMseQuantizer(book));
        out.printf(Locale.ROOT, "trace: %s [%d x %d], DialectFP4 B=32, one thread%n", source, x.rows(), x.cols());

        long elements = (long) x.rows() * x.cols();
        double quantRate = measure(() -> format.quantize(x, Role.ACTIVATION)) * elements;
        out.printf(Locale.ROOT, "two-stage quantizer : %8.1f M elements/s%n", quantRate / 1e6);

        QuantizedTensor qx = format.quantize(x, Role.ACTIVATION);
        QuantizedTensor qw = format.quantize(x, Role.WEIGHT);
        long macs = (long) x.rows() * x.rows() * x.cols();
        double gemmRate = measure(() -> ReferenceGemm.multiply(qx, qw, AccumulatorSpec.FP32)) * macs;
        out.printf(Locale.ROOT, "functional GEMM fp32: %8.1f M MAC/s   (X·Xᵀ, %d MACs per run)%n", gemmRate / 1e6, macs);
        double fixedRate = measure(() -> ReferenceGemm.multiply(qx, qw, AccumulatorSpec.parse("fixed:32:16"))) * macs;
        out.printf(Locale.ROOT, "functional GEMM fixed:32:16: %5.1f M MAC/s%n", fixedRate / 1e6);
        return 0;
    }

    /** Runs per second, after a warm-up of a third of the measuring time. */
    private double measure(Runnable task) {
        long warmEnd = System.nanoTime() + (long) (seconds / 3 * 1e9);
        while (System.nanoTime() < warmEnd) {
            task.run();
        }
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long runs = 0;
        long now;
        do {
            task.run();
            runs++;
            now = System.nanoTime();
        } while (now < end);
        return runs / ((now - start) / 1e9);
    }
}
