package dev.bdsim.cli;

import dev.bdsim.ProjectHome;
import dev.bdsim.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        footer = {"%nExample:", "  ./sim demo -j 2"},
        description = {"The main job: the standard sweep (rtl-models/sweeps/demo.yaml) on the shipped traces, DialectFP4 vs",
                "MXFP4, NVFP4, INT4, INT8 and FP16 datapaths, then the accelerators' (rtl-models/sweeps/accelerator.yaml: online",
                "quantizer, FIFO, array, SRAM and DRAM) into DIR/accelerator, then full-path 4-bit against weight-only formats on",
                "the accelerator (rtl-models/sweeps/weight-only.yaml) into DIR/weight-only; prints the summaries, writes results,",
                "charts, reports."})
public final class DemoCommand implements Callable<Integer> {
    static final Path SPEC = Path.of("rtl-models", "sweeps", "demo.yaml");
    static final Path ACCELERATORS = Path.of("rtl-models", "sweeps", "accelerator.yaml");
    static final Path WEIGHT_ONLY = Path.of("rtl-models", "sweeps", "weight-only.yaml");

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE})")
    Path out = Path.of("out", "demo");

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Points run at once (default: the number of cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--chart-style", paramLabel = "STYLE", description = SweepCommand.CHART_STYLE)
    String chartStyle = "screen";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        dev.bdsim.report.ChartStyle style = dev.bdsim.report.ChartStyle.parse(chartStyle);
        // every spec read before the first sweep runs, so a broken one stops the demo at once
        Map<Path, SweepSpec> sweeps = new LinkedHashMap<>();
        sweeps.put(out, SweepSpec.load(ProjectHome.dir().resolve(SPEC)));
        sweeps.put(out.resolve("accelerator"), SweepSpec.load(ProjectHome.dir().resolve(ACCELERATORS)));
        sweeps.put(out.resolve("weight-only"), SweepSpec.load(ProjectHome.dir().resolve(WEIGHT_ONLY)));
        java.io.PrintWriter o = spec.commandLine().getOut();
        for (Map.Entry<Path, SweepSpec> sweep : sweeps.entrySet()) {
            if (!sweep.getKey().equals(out)) {
                o.println();
            }
            SweepCommand.run(sweep.getValue(), sweep.getKey(), threads, style, false, o, spec.commandLine().getErr(), true);
        }
        return 0;
    }
}
