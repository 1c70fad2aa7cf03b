package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.Formatbook;
import dev.bdsim.format.Rounding;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.trace.RowSource;
import dev.bdsim.trace.TensorSource;
import dev.bdsim.model.Weights;
import dev.bdsim.quality.FormatEvaluation;
import dev.bdsim.quant.Formats;
import dev.bdsim.report.EncodingEmitter;
import dev.bdsim.report.QuantizeReport;
import dev.bdsim.trace.Traces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "quantize", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim quantize traces/layer0.attn_in.npy -f dialectfp4,mxfp4,nvfp4"},
        description = {"Quantizes an activation trace (and optionally weights) in every format and reports",
                "effective bits, element SQNR, output SQNR of X·Wᵀ and DialectFP4's dialect histogram."})
public final class QuantizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACTIVATIONS", description = "Activation trace X[tokens][K]: file.npy, file.safetensors or file.safetensors:tensor")
    String activations;


    @Option(names = {"-w", "--weights"}, paramLabel = "WEIGHTS", description = {"Weight tensor W[out][K]: same forms as ACTIVATIONS,",
            "or minilm:<linear> for a weight of the model artifact, e.g. minilm:layer.0.attention.self.query"})
    String weights;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Comma-separated formats, each id or id@B (default: all): ${DEFAULT-VALUE}")
    String formats = String.join(",", Formats.ALL);

    @Option(names = {"-b", "--block"}, paramLabel = "B", description = "Block size of every block format except nvfp4 (16) (default: ${DEFAULT-VALUE})")
    int block = 32;

    @Option(names = "--acc", paramLabel = "KIND", description = "Accumulator: fp32 or fixed:W:F[:wrap] (default: ${DEFAULT-VALUE})")
    String accumulator = "fp32";

    @Option(names = "--ties", paramLabel = "MODE", description = "Baseline formats' tie rounding: even or away (default: ${DEFAULT-VALUE})")
    String ties = "even";

    @Option(names = "--formatbook", paramLabel = "FILE", description = "DialectFP4 formatbook (default: rtl-models/formatbooks/dialectfp4.fbk)")
    Path formatbook;

    @Option(names = "--json", description = "Print machine-readable JSON instead of tables")
    boolean json;

    @Option(names = "--batch", paramLabel = "ROWS", description = "Activation rows read and quantized at a time: any trace streams (default: ${DEFAULT-VALUE})")
    int batchRows = 256;

    @Option(names = "--emit", paramLabel = "DIR", description = "Write packed encodings (codes, block fields, blocks.hex, layout.json) here")
    Path emit;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Formats.Options options = new Formats.Options(block, parseTies(ties),
                formatbook == null ? Formatbook.standard() : Formatbook.load(formatbook));
        List<BlockFormat> chosen = Formats.parseList(formats, options);
        AccumulatorSpec acc = AccumulatorSpec.parse(accumulator);
        if (batchRows < 1) {
            throw new BadInputException("--batch must be at least 1 row, got " + batchRows);
        }
        TensorSource x = Traces.open(activations);
        Fp16Matrix w = weights == null ? null : Weights.load(weights);
        if (w != null && w.cols() != x.cols()) {
            throw new BadInputException(weights + ": weights have K = " + w.cols() + " columns but activations " + activations
                    + " have K = " + x.cols() + "; Y = X·Wᵀ needs equal K");
        }
        Streamed streamed = evaluate(chosen, x, batchRows, w, acc);
        List<FormatEvaluation> results = streamed.results();
        PrintWriter out = spec.commandLine().getOut();
        QuantizeReport report = new QuantizeReport(new QuantizeReport.Tensor(activations, x.rows(), x.cols(), streamed.saturated()),
                w == null ? null : QuantizeReport.Tensor.of(weights, w), acc, results);
        out.print(json ? report.json() : report.table());
        out.flush();
        if (emit != null) {
            // the packed encodings are whole tensors: the trace is read into memory once more for them
            EncodingEmitter emitter = new EncodingEmitter(emit);
            Fp16Matrix whole = x.readAll();
            for (FormatEvaluation r : results) {
                emitter.emit(emittedName(r.format()) + ".act", r.format().quantize(whole, BlockFormat.Role.ACTIVATION));
                if (r.weights() != null) {
                    emitter.emit(emittedName(r.format()) + ".weight", r.weights());
                }
            }
            if (!json) {
                out.println("packed encodings written to " + emit + " (see layout.json)");
            }
        }
        return 0;
    }

    /** The file prefix of a format's packed encodings: its id, then its options ({@code dialectfp4.encode-quarter}). */
    static String emittedName(BlockFormat f) {
        return f.id() + f.options().replace(':', '.').replace('=', '-');
    }

    /** The evaluations, and how many trace values saturated to FP16's range on reading. */
    record Streamed(List<FormatEvaluation> results, long saturated) {}

    /**
     * Streams the activations through every format in batches of {@code batchRows} rows ({@link FormatEvaluation.Running}); a
     * format whose scaling looks at the whole tensor (NVFP4) first gets the tensor's largest magnitude from a pass of its own.
     */
    static Streamed evaluate(List<BlockFormat> formats, RowSource x, int batchRows, Fp16Matrix w, AccumulatorSpec acc) {
        int amax = 0;
        if (formats.stream().anyMatch(f -> f.forTensor(0) != f)) {
            for (int first = 0; first < x.rows(); first += batchRows) {
                amax = Math.max(amax, x.readRows(first, Math.min(batchRows, x.rows() - first)).maxMagnitudeBits());
            }
        }
        List<FormatEvaluation.Running> running = new ArrayList<>();
        for (BlockFormat f : formats) {
            running.add(new FormatEvaluation.Running(f, amax, w, acc));
        }
        long saturated = 0;
        for (int first = 0; first < x.rows(); first += batchRows) {
            Fp16Matrix batch = x.readRows(first, Math.min(batchRows, x.rows() - first));
            saturated += batch.saturated();
            double[] reference = w == null ? null : FormatEvaluation.reference(batch, w);
            for (FormatEvaluation.Running r : running) {
                r.add(batch, reference);
            }
        }
        return new Streamed(running.stream().map(r -> r.finish(null)).toList(), saturated);
    }

    static Rounding parseTies(String ties) {
        return switch (ties) {
            case "even" -> Rounding.NEAREST_EVEN;
            case "away" -> Rounding.NEAREST_AWAY;
            default -> throw new BadInputException("--ties must be 'even' or 'away', got '" + ties + "'");
        };
    }
}
