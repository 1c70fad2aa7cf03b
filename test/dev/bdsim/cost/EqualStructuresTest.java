package dev.bdsim.cost;

import dev.bdsim.flow.Flow;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.netlist.Elaborator;
import dev.bdsim.netlist.Netlist;
import dev.bdsim.testutil.InlineNetlist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One structure costs the same whether a library component builds it or the netlist spells it out: a
 * pipelined adder tree against the same tree of Adders and Registers, and a Delay line against a chain
 * of Registers, on the same random inputs. (A multiplier cannot be spelled out from library parts
 * without a one-bit adder kind, so it is not among the pairs.)
 */
class EqualStructuresTest {
    static CostReport cost(Path file) {
        Netlist n = Elaborator.elaborate(file, null, Map.of());
        Simulator sim = n.simulator();
        SplittableRandom rnd = new SplittableRandom(11);
        int cycles = 4000;
        for (int c = 0; c < cycles; c++) {
            for (Netlist.TopPort in : n.inputs()) {
                for (int net : in.nets()) {
                    sim.set(net, in.type().normalize(rnd.nextLong()));
                }
            }
            sim.tick();
        }
        return Flow.cost(n, sim.activity(), cycles, TechLibrary.named("45nm"), 500e6, 0);
    }

    static void assertSameCost(CostReport library, CostReport spelledOut, String what) {
        assertEquals(spelledOut.areaGe(c -> true), library.areaGe(c -> true), 1e-6 * spelledOut.areaGe(c -> true), what + ": area");
        double e = spelledOut.energyPj(c -> true);
        assertEquals(e, library.energyPj(c -> true), 0.05 * e, what + ": energy within 5 %");
    }

    @Test
    void anAdderTreeCostsWhatItsAddersAndRegistersCost(@TempDir Path dir) throws IOException {
        Path tree = Files.writeString(dir.resolve("tree.bdn"), String.join("\n",
                "module tree {", "  clock clk", "  in  x : s8[8]", "  out sum : s11",
                "  inst t = AdderTree(width = 8, signed = 1, inputs = 8, pipeline = 3)", "  x -> t.x", "  t.sum -> sum", "}", ""));
        assertSameCost(cost(tree), cost(Path.of("rtl-models/examples/adder_tree.bdn")), "8-input tree, a register stage per level");
    }

    @Test
    void aDelayLineCostsWhatItsRegistersCost(@TempDir Path dir) throws IOException {
        Path delay = Files.writeString(dir.resolve("delay.bdn"), String.join("\n",
                "module d {", "  clock clk", "  in  x : s12", "  out y : s12",
                "  inst line = Delay(width = 12, signed = 1, depth = 3)", "  x -> line.d", "  line.q -> y", "}", ""));
        Path chain = Files.writeString(dir.resolve("chain.bdn"), String.join("\n",
                "module c {", "  clock clk", "  in  x : s12", "  out y : s12",
                "  inst r[3] = Register(width = 12, signed = 1)", "  x -> r[0].d", "  r[0].q -> r[1].d", "  r[1].q -> r[2].d",
                "  r[2].q -> y", "}", ""));
        assertSameCost(cost(delay), cost(chain), "3-stage delay of signed 12-bit values");
    }
}
