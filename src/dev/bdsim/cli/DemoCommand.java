package dev.bdsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.gemm.AccumulatorSpec;
import dev.bdsim.model.MiniLm;
import dev.bdsim.quality.FormatEvaluation;
import dev.bdsim.quality.Sqnr;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.Fp16Matrix;
import dev.bdsim.trace.ShippedTraces;
import dev.bdsim.trace.Traces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job on the shipped traces: every linear layer of all-MiniLM-L6-v2 (real activations",
                "times the model's real weights) in every format; prints the summary and writes out/demo/."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out = Path.of("out", "demo");

    @Option(names = {"-f", "--formats"}, paramLabel = "LIST", description = "Formats (default: all)")
    String formats = String.join(",", Formats.ALL);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One layer's evaluation: the activation trace, the linear layer and each format's result. */
    record LayerResult(ShippedTraces.Entry trace, ShippedTraces.Linear linear, List<FormatEvaluation> results) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter pw = spec.commandLine().getOut();
        ShippedTraces shipped = ShippedTraces.load();
        List<BlockFormat> chosen = Formats.parseList(formats, Formats.Options.defaults());
        MiniLm model = MiniLm.load();
        pw.printf("demo: %d traces of %s, one linear layer each, %d formats%n", shipped.linearInputs().size(),
                shipped.manifest().path("model").path("name").asText(), chosen.size());
        List<LayerResult> layers = shipped.linearInputs().parallelStream().map(t -> {
            Fp16Matrix x = Traces.open(t.path().toString()).readAll();
            ShippedTraces.Linear linear = t.linears().get(0);
            Fp16Matrix w = model.weight(linear.initializer());
            return new LayerResult(t, linear, QuantizeCommand.evaluate(chosen, x, w, AccumulatorSpec.FP32));
        }).toList();

        String summary = summary(chosen, layers);
        pw.print(summary);
        Files.createDirectories(out);
        Files.writeString(out.resolve("summary.txt"), summary);
        Files.writeString(out.resolve("layers.json"), json(layers) + "\n");
        pw.println("wrote " + out.resolve("summary.txt") + " and " + out.resolve("layers.json"));
        return 0;
    }

    static String summary(List<BlockFormat> formats, List<LayerResult> layers) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nmean over %d linear layers (activation SQNR, weight SQNR, output SQNR of X·Wᵀ in dB; FP32 accumulation)%n",
                layers.size()));
        String header = String.format(Locale.ROOT, "%-24s %5s %9s %9s %9s %9s %9s%n", "format", "B", "bits/elem", "act", "weight",
                "output", "min out");
        sb.append(header).append("-".repeat(header.length() - 1)).append('\n');
        for (int f = 0; f < formats.size(); f++) {
            double act = 0;
            double wgt = 0;
            double outSum = 0;
            double outMin = Double.POSITIVE_INFINITY;
            for (LayerResult l : layers) {
                FormatEvaluation r = l.results().get(f);
                act += r.activationSqnrDb();
                wgt += r.weightSqnrDb();
                outSum += r.outputSqnrDb();
                outMin = Math.min(outMin, r.outputSqnrDb());
            }
            int n = layers.size();
            BlockFormat fmt = formats.get(f);
            sb.append(String.format(Locale.ROOT, "%-24s %5s %9.3f %9s %9s %9s %9s%n", fmt.displayName(),
                    fmt.blockSize() == 1 ? "-" : Integer.toString(fmt.blockSize()), fmt.bitsPerElement(),
                    Sqnr.format(act / n), Sqnr.format(wgt / n), Sqnr.format(outSum / n), Sqnr.format(outMin)));
        }
        return sb.toString();
    }

    static String json(List<LayerResult> layers) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode arr = mapper.createArrayNode();
        for (LayerResult l : layers) {
            ObjectNode o = arr.addObject();
            o.put("trace", l.trace().name());
            o.put("linear", l.linear().name());
            o.put("initializer", l.linear().initializer());
            ArrayNode fs = o.putArray("formats");
            for (FormatEvaluation r : l.results()) {
                ObjectNode f = fs.addObject();
                f.put("id", r.format().id());
                f.put("bitsPerElement", r.format().bitsPerElement());
                f.put("activationSqnrDb", finite(r.activationSqnrDb()));
                f.put("weightSqnrDb", finite(r.weightSqnrDb()));
                f.put("outputSqnrDb", finite(r.outputSqnrDb()));
            }
        }
        return mapper.writeValueAsString(arr);
    }

    private static String finite(double v) {
        return Double.isInfinite(v) ? "exact" : String.format(Locale.ROOT, "%.4f", v);
    }
}
