package dev.bdsim.cli;

import dev.bdsim.arith.AccumulatorSpec;
import dev.bdsim.format.BlockFormat;
import dev.bdsim.model.Corpus;
import dev.bdsim.model.MiniLm;
import dev.bdsim.model.WordPieceTokenizer;
import dev.bdsim.quality.ModelAccuracy;
import dev.bdsim.quality.Sqnr;
import dev.bdsim.quant.Formats;
import dev.bdsim.trace.ShippedTraces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import static dev.bdsim.cli.CostTables.fmt;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

@Command(name = "accuracy", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim accuracy -f dialectfp4,mxfp4,int8 --tokens 64"},
        description = {"Per format: element and output SQNR of every linear layer on the shipped traces, and the cosine",
                "similarity of all-MiniLM-L6-v2 sentence embeddings with every linear layer's operands quantized, against FP32."})
public final class AccuracyCommand implements Callable<Integer> {
    static final String DEFAULT_FORMATS = "dialectfp4,dialectfp4-exh,mxfp4,nvfp4,int4,mxfp6-e2m3,mxfp8-e4m3,int8,fp16";

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "Formats, comma-separated, id or id@B (default: ${DEFAULT-VALUE})")
    String formats = DEFAULT_FORMATS;

    @Option(names = "--text", paramLabel = "FILE", description = "Sentences for the embeddings, one per line (default: traces/corpus.txt)")
    Path text;

    @Option(names = "--acc", paramLabel = "KIND", description = "Accumulator: fp32 or fixed:W:F[:wrap] (default: ${DEFAULT-VALUE})")
    String accumulator = "fp32";

    @Option(names = "--tokens", paramLabel = "ROWS", description = "Rows of each trace for the layer SQNRs (default: all)")
    int tokens;

    @picocli.CommandLine.Mixin
    JsonOption json = new JsonOption();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (tokens < 0) {
            throw new dev.bdsim.BadInputException("--tokens must not be negative, got " + tokens);
        }
        List<BlockFormat> list = Formats.parseList(formats, Formats.Options.defaults());
        AccumulatorSpec acc = AccumulatorSpec.parse(accumulator);
        ShippedTraces traces = ShippedTraces.load();
        Path corpus = text != null ? text : traces.dir().resolve("corpus.txt");
        WordPieceTokenizer tokenizer = MiniLm.tokenizer();
        List<long[]> ids = new ArrayList<>();
        for (String sentence : Corpus.sentences(corpus)) {
            ids.add(tokenizer.encode(sentence));
        }
        ModelAccuracy accuracy = new ModelAccuracy(MiniLm.load(), traces, tokens, ids);
        PrintWriter out = JsonOption.text(json.enabled, spec.commandLine().getOut());
        Table table = new Table("formats").column("format", "format", "%s").column("bits_per_element", "bits/elem", "%.3f")
                .column("activation_sqnr_db", "act SQNR dB", "%.2f").column("weight_sqnr_db", "wgt SQNR dB", "%.2f")
                .column("output_sqnr_db", "out SQNR dB", "%.2f").column("embedding_cosine_mean", "cos mean", "%.6f")
                .column("embedding_cosine_min", "cos min", "%.6f").column("accumulator_overflows", "overflows", "%d");
        out.println(fmt("accuracy: all-MiniLM-L6-v2, %d linear layers on %s rows of the shipped traces; embeddings of %d sentences (%s); accumulator %s",
                MiniLm.load().linears().size(), tokens > 0 ? "the first " + tokens : "all", ids.size(), text != null ? text : "traces/corpus.txt", acc));
        out.println();
        out.println(fmt("%-32s %9s %12s %12s %12s %11s %11s%s", "format", "bits/elem", "act SQNR dB", "wgt SQNR dB",
                "out SQNR dB", "cos mean", "cos min", acc.kind() == AccumulatorSpec.Kind.FP32 ? "" : fmt(" %10s", "overflows")));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(list.size(), Runtime.getRuntime().availableProcessors()));
        List<Future<ModelAccuracy.Result>> results = new ArrayList<>();
        int overflowed = 0;
        ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "formats");
        try {
            for (BlockFormat f : list) {
                results.add(pool.submit(() -> accuracy.evaluate(f, acc)));
            }
            for (Future<ModelAccuracy.Result> future : results) {
                ModelAccuracy.Result r = await(future);
                print(out, r, acc);
                table.row(r.format().label(), r.format().bitsPerElement(), r.activationSqnrDb(), r.weightSqnrDb(), r.outputSqnrDb(),
                        r.meanCosine(), r.minCosine(), r.overflows());
                overflowed += r.overflows() > 0 ? 1 : 0;
                progress.update(table.size(), list.size());
            }
            progress.finish();
        } finally {
            pool.shutdownNow();
        }
        if (json.enabled) {
            JsonOption.print(spec.commandLine().getOut(), JsonOption.with(JsonOption.document().put("model", "all-MiniLM-L6-v2")
                    .put("tokens", tokens).put("sentences", ids.size()).put("accumulator", acc.toString()), table));
            return 0;
        }
        out.println("SQNR pooled over the layers (total signal over total noise power); cos: sentence embedding (mean pooling,");
        out.println("L2-normalised) with every linear layer quantized (functional model) against the FP32 model");
        if (overflowed > 0) {
            out.println(fmt("WARNING: the %s accumulator overflowed (saturated or wrapped) for %d format%s (marked !); their figures are "
                    + "not the formats' own", acc, overflowed, overflowed == 1 ? "" : "s"));
        }
        return 0;
    }

    /** The result of a finished task; its exception as thrown by the task itself. */
    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void print(PrintWriter out, ModelAccuracy.Result r, AccumulatorSpec acc) {
        BlockFormat f = r.format();
        out.println(fmt("%-32s %9.3f %12s %12s %12s %11.6f %11.6f%s", f.label(),
                    f.bitsPerElement(), Sqnr.format(r.activationSqnrDb()), Sqnr.format(r.weightSqnrDb()),
                Sqnr.format(r.outputSqnrDb()), r.meanCosine(), r.minCosine(),
                acc.kind() == AccumulatorSpec.Kind.FP32 ? "" : fmt(" %,9d%s", r.overflows(), r.overflows() > 0 ? "!" : " ")));
        out.flush();
    }
}
