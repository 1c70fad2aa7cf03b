package dev.bdsim.cli;

import dev.bdsim.BadInputException;
import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.format.Formatbook;
import dev.bdsim.format.Rounding;
import dev.bdsim.fp16.Fp16Matrix;
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
        Fp16Matrix x = Traces.open(activations).readAll();
        Fp16Matrix w = weights == null ? null : Weights.load(weights);
        if (w != null && w.cols() != x.cols()) {
            throw new BadInputException(weights + ": weights have K = " + w.cols() + " columns but activations " + activations
                    + " have K = " + x.cols() + "; Y = X·Wᵀ needs equal K");
        }
        List<FormatEvaluation> results = evaluate(chosen, x, w, acc);
        PrintWriter out = spec.commandLine().getOut();
        QuantizeReport report = new QuantizeReport(activations, x, weights, w, acc, results);
        out.print(json ? report.json() : report.table());
        out.flush();
        if (emit != null) {
            EncodingEmitter emitter = new EncodingEmitter(emit);
            for (FormatEvaluation r : results) {
                emitter.emit(emittedName(r.format()) + ".act", r.activations());
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

    static List<FormatEvaluation> evaluate(List<BlockFormat> formats, Fp16Matrix x, Fp16Matrix w, AccumulatorSpec acc) {
        double[] reference = w == null ? null : FormatEvaluation.reference(x, w);
        List<FormatEvaluation> results = new ArrayList<>();
        for (BlockFormat f : formats) {
            results.add(FormatEvaluation.run(f, x, w, reference, acc));
        }
        return results;
    }

    static Rounding parseTies(String ties) {
        return switch (ties) {
            case "even" -> Rounding.NEAREST_EVEN;
            case "away" -> Rounding.NEAREST_AWAY;
            default -> throw new BadInputException("--ties must be 'even' or 'away', got '" + ties + "'");
        };
    }
}
