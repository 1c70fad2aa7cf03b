package dev.bdsim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bdsim.fp16.Fp16Matrix;
import dev.bdsim.io.AtomicFile;
import dev.bdsim.io.InputFiles;
import dev.bdsim.model.ActivationCapture;
import dev.bdsim.model.Corpus;
import dev.bdsim.model.MiniLm;
import dev.bdsim.trace.Npy;
import dev.bdsim.trace.ShippedTraces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "capture", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim capture --text my_sentences.txt -o out/my-traces"},
        description = {"Runs all-MiniLM-L6-v2 (ONNX Runtime) on a text file, one sentence per line, and writes the",
                "input of every linear layer and the attention operands (Q, K, V, softmax probabilities) as FP16 .npy",
                "plus manifest.json (shapes, sha256, the weights or the product each tensor enters)."})
public final class CaptureCommand implements Callable<Integer> {
    @Option(names = "--text", paramLabel = "FILE", description = "Sentences, one per line; # starts a comment (default: traces/corpus.txt)")
    Path text;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out = Path.of("out", "capture");

    @Option(names = "--force", description = "Allow writing into the shipped traces directory (regenerating the shipped traces)")
    boolean force;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = out;
        if (!force && sameDirectory(dir, ShippedTraces.defaultDir())) {
            throw new dev.bdsim.BadInputException(dir + " holds the shipped traces, which the tests and golden files check; capture "
                    + "writes there only with --force (to regenerate them), or give another -o");
        }
        Path corpus = text != null ? text : ShippedTraces.defaultDir().resolve("corpus.txt");
        List<String> sentences = Corpus.sentences(corpus);
        AtomicFile.createDirectories(dir);
        MiniLm model = MiniLm.load();
        Map<String, Fp16Matrix> traces = ActivationCapture.capture(model, sentences);

        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ObjectNode m = root.putObject("model");
        m.put("name", "sentence-transformers/all-MiniLM-L6-v2");
        m.put("artifact", MiniLm.ARTIFACT);
        m.put("resource", MiniLm.MODEL_RESOURCE);
        m.put("runtime", "com.microsoft.onnxruntime:onnxruntime:1.19.2, one thread");
        ObjectNode src = root.putObject("source");
        src.put("file", dir.toAbsolutePath().normalize().relativize(corpus.toAbsolutePath().normalize()).toString());
        src.put("sha256", InputFiles.sha256(corpus));
        src.put("sentences", sentences.size());
        root.put("command", "./sim capture");
        root.put("rows", "tokens of every sentence in order, [CLS] and [SEP] included, no padding");
        ArrayNode tensors = root.putArray("tensors");
        PrintWriter pw = spec.commandLine().getOut();
        for (Map.Entry<String, Fp16Matrix> e : traces.entrySet()) {
            Fp16Matrix t = e.getValue();
            String file = e.getKey() + ".npy";
            Npy.writeFp16(dir.resolve(file), t.rows(), t.cols(), t.rawBits());
            ObjectNode n = tensors.addObject();
            n.put("name", e.getKey());
            n.put("file", file);
            n.putArray("shape").add(t.rows()).add(t.cols());
            n.put("dtype", "float16");
            n.put("sha256", InputFiles.sha256(dir.resolve(file)));
            MiniLm.AttentionOperand attention = model.attentionOperands().stream()
                    .filter(a -> a.trace().equals(e.getKey())).findFirst().orElse(null);
            n.put("onnxValue", attention != null ? attention.value() : model.traceValues().get(e.getKey()));
            n.put("saturated", t.saturated());
            ArrayNode w = n.putArray("weights");
            for (MiniLm.Linear l : model.linears()) {
                if (l.trace().equals(e.getKey())) {
                    w.addObject().put("linear", l.name()).put("initializer", l.weightInitializer());
                }
            }
            if (attention != null) {
                n.put("product", attention.product());
            }
            pw.printf("%-20s [%d x %d]%n", file, t.rows(), t.cols());
        }
        String manifest = json.writeValueAsString(root) + "\n";
        AtomicFile.writeText(dir.resolve(ShippedTraces.MANIFEST), w -> w.write(manifest));
        pw.println("wrote " + traces.size() + " traces and " + ShippedTraces.MANIFEST + " to " + dir);
        return 0;
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (java.io.IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
