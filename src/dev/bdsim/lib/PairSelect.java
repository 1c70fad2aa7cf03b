package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TableLogic;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.quant.TwoStageQuantizer;

import java.util.List;

/**
 * Stage 1 of the two-stage quantizer: the block's largest quarter-unit value {@code umax} picks
 * the candidate dialects {@code a} and {@code b} (the pair sharing the covering largest magnitude;
 * {@code a = b} for a dialect without a partner).
 */
public final class PairSelect extends Hardware {
    public static final Kind KIND = new Kind("PairSelect", Group.CONTROL,
            "umax -> a, b: stage 1 of the two-stage quantizer, the candidate dialects",
            List.of(ParamSpec.formatbook()),
            (n, p) -> new PairSelect(n, p.twoStage(), p.formatbook().dialectBits()));

    private final TwoStageQuantizer quantizer;
    private final Port umax;
    private final Port a;
    private final Port b;
    private final int select;

    public PairSelect(String name, TwoStageQuantizer quantizer, int dialectBits) {
        super(name);
        this.quantizer = quantizer;
        umax = input("umax", SignalType.unsigned(5), 1);
        a = output("a", SignalType.unsigned(dialectBits), 1);
        b = output("b", SignalType.unsigned(dialectBits), 1);
        select = action("select");
    }

    /** Stage 1's candidates for a block maximum of {@code umax} quarter units. */
    public TwoStageQuantizer.Pair pair(int umax) {
        return quantizer.stageOne(umax);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        TwoStageQuantizer.Pair pair = quantizer.stageOne((int) get(umax));
        set(a, pair.a());
        set(b, pair.b());
        count(select);
    }

    @Override
    public Levels levels() {
        return Levels.through(Levels.table(width("umax")));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        double logic = tech.logicPjPerGe();
        int w = width("a");
        long[] pairs = new long[1 << width("umax")];
        for (int u = 0; u < pairs.length; u++) {
            pairs[u] = pair(u).a() | (long) pair(u).b() << w;
        }
        double ge = TableLogic.ge(pairs, width("umax"), 2 * w, tech);
        return new Shape(ge, ge * logic, w, 0, 0);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wd = width("a");
        StringBuilder e = new StringBuilder("  reg [" + (wd - 1) + ":0] ra, rb;\n  always @* case (umax)\n");
        for (int u = 0; u < 32; u++) {
            var pair = pair(u);
            e.append("    ").append(u).append(": begin ra = ").append(pair.a()).append("; rb = ").append(pair.b()).append("; end\n");
        }
        return e.append("    default: begin ra = 0; rb = 0; end\n  endcase\n  assign a = ra;\n  assign b = rb;\n").toString();
    }
}
