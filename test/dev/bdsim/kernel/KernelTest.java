package dev.bdsim.kernel;

import dev.bdsim.lib.Adder;
import dev.bdsim.lib.Counter;
import dev.bdsim.lib.Fifo;
import dev.bdsim.lib.Logic;
import dev.bdsim.lib.PipeStage;
import dev.bdsim.lib.Register;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small circuits whose cycle behaviour is known by hand. */
class KernelTest {
    private static final SignalType U8 = SignalType.unsigned(8);

    private static Activity activity(Simulator sim, String instance) {
        return sim.activity().stream().filter(a -> a.instance().equals(instance)).findFirst().orElseThrow();
    }

    @Test
    void counterCountsEnabledEdgesAndWraps() {
        Circuit c = new Circuit();
        Counter counter = c.add(new Counter("cnt", 3, 5));
        int q = c.net("q", SignalType.unsigned(3));
        int atMax = c.net("at_max", SignalType.BIT);
        int en = c.net("en", SignalType.BIT);
        c.connect(counter.port("q"), q);
        c.connect(counter.port("at_max"), atMax);
        c.connect(counter.port("en"), en);
        Simulator sim = new Simulator(c);
        List<Long> seen = new ArrayList<>();
        for (int cycle = 0; cycle < 10; cycle++) {
            sim.set(en, cycle == 3 || cycle == 4 ? 0 : 1);
            seen.add(sim.get(q));
            sim.tick();
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 3L, 3L, 4L, 5L, 0L, 1L), seen);
        Activity a = activity(sim, "cnt");
        assertEquals(8, a.activeCycles());
        assertEquals(2, a.idleCycles());
        assertEquals(8, a.actions().get("increment"));
    }

    @Test
    void threeStagePipelineCountsStallCyclesExactly() {
        Circuit c = new Circuit();
        int inValid = c.net("in_valid", SignalType.BIT);
        int inData = c.net("in_data", U8);
        int sinkReady = c.net("sink_ready", SignalType.BIT);
        PipeStage[] stages = new PipeStage[3];
        int valid = inValid;
        int data = inData;
        int[] readyIn = new int[3];
        for (int i = 0; i < 3; i++) {
            stages[i] = c.add(new PipeStage("s" + i, U8, 1));
            c.connect(stages[i].port("in_valid"), valid);
            c.connect(stages[i].port("in_data"), data);
            valid = c.net("v" + i, SignalType.BIT);
            data = c.net("d" + i, U8);
            readyIn[i] = c.net("r" + i, SignalType.BIT);
            c.connect(stages[i].port("out_valid"), valid);
            c.connect(stages[i].port("out_data"), data);
            c.connect(stages[i].port("in_ready"), readyIn[i]);
        }
        c.connect(stages[0].port("out_ready"), readyIn[1]);
        c.connect(stages[1].port("out_ready"), readyIn[2]);
        c.connect(stages[2].port("out_ready"), sinkReady);
        Simulator sim = new Simulator(c);

        sim.set(inValid, 1);
        long next = 1;
        List<Long> received = new ArrayList<>();
        int accepted = 0;
        for (int cycle = 0; cycle < 20; cycle++) {
            sim.set(inData, next);
            sim.set(sinkReady, cycle >= 5 && cycle <= 7 ? 0 : 1);
            if (sim.get(readyIn[0]) == 1) {
                accepted++;
                next++;
            }
            if (sim.get(valid) == 1 && sim.get(sinkReady) == 1) {
                received.add(sim.get(data));
            }
            sim.tick();
        }
        // outputs valid from cycle 3 (latency 3); cycles 5..7 stall every full stage
        assertEquals(14, received.size());
        for (int i = 0; i < received.size(); i++) {
            assertEquals(i + 1, received.get(i));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(3, activity(sim, "s" + i).actions().get("stall"), "stalls of s" + i);
        }
        assertEquals(17, accepted);
        assertEquals(17, activity(sim, "s0").actions().get("load"));
    }

    @Test
    void pipelinedAdderTreeLatencyEqualsItsDepth() {
        Circuit c = new Circuit();
        int[] level = new int[8];
        for (int i = 0; i < 8; i++) {
            level[i] = c.net("x" + i, U8);
        }
        int width = 8;
        int depth = 0;
        while (level.length > 1) {
            SignalType in = SignalType.unsigned(width);
            SignalType out = SignalType.unsigned(width + 1);
            int[] next = new int[level.length / 2];
            for (int i = 0; i < next.length; i++) {
                Adder add = c.add(new Adder("add" + depth + "_" + i, in, 1, false));
                Register reg = c.add(new Register("reg" + depth + "_" + i, out, 1, 0));
                c.connect(add.port("a"), level[2 * i]);
                c.connect(add.port("b"), level[2 * i + 1]);
                int sum = c.net("sum" + depth + "_" + i, out);
                c.connect(add.port("s"), sum);
                c.connect(reg.port("d"), sum);
                next[i] = c.net("q" + depth + "_" + i, out);
                c.connect(reg.port("q"), next[i]);
            }
            level = next;
            width++;
            depth++;
        }
        assertEquals(3, depth);
        Simulator sim = new Simulator(c);
        List<Long> out = new ArrayList<>();
        for (int cycle = 0; cycle < 6; cycle++) {
            for (int i = 0; i < 8; i++) {
                sim.set(i, cycle == 0 ? 255 - i : 0);
            }
            out.add(sim.get(level[0]));
            sim.tick();
        }
        assertEquals(List.of(0L, 0L, 0L, 255L * 8 - 28, 0L, 0L), out);
    }

    @Test
    void fifoFillsThenDrainsInOrder() {
        Circuit c = new Circuit();
        Fifo fifo = c.add(new Fifo("fifo", U8, 1, 4, false));
        int inValid = c.net("in_valid", SignalType.BIT);
        int inData = c.net("in_data", U8);
        int outReady = c.net("out_ready", SignalType.BIT);
        int inReady = c.net("in_ready", SignalType.BIT);
        int outValid = c.net("out_valid", SignalType.BIT);
        int outData = c.net("out_data", U8);
        int count = c.net("count", SignalType.unsigned(3));
        c.connect(fifo.port("in_valid"), inValid);
        c.connect(fifo.port("in_data"), inData);
        c.connect(fifo.port("out_ready"), outReady);
        c.connect(fifo.port("in_ready"), inReady);
        c.connect(fifo.port("out_valid"), outValid);
        c.connect(fifo.port("out_data"), outData);
        c.connect(fifo.port("count"), count);
        Simulator sim = new Simulator(c);

        List<Long> readyWhileFilling = new ArrayList<>();
        for (int cycle = 0; cycle < 6; cycle++) {
            sim.set(inValid, 1);
            sim.set(inData, 10 + cycle);
            sim.set(outReady, 0);
            readyWhileFilling.add(sim.get(inReady));
            sim.tick();
        }
        assertEquals(List.of(1L, 1L, 1L, 1L, 0L, 0L), readyWhileFilling);
        assertEquals(4, sim.get(count));
        sim.set(inValid, 0);
        sim.set(outReady, 1);
        List<Long> drained = new ArrayList<>();
        for (int cycle = 0; cycle < 6; cycle++) {
            if (sim.get(outValid) == 1) {
                drained.add(sim.get(outData));
            }
            sim.tick();
        }
        assertEquals(List.of(10L, 11L, 12L, 13L), drained);
        assertEquals(0, sim.get(count));
        Activity a = activity(sim, "fifo");
        assertEquals(4, a.actions().get("write"));
        assertEquals(4, a.actions().get("read"));
    }

    @Test
    void synchronousResetOverridesEnable() {
        Circuit c = new Circuit();
        Register r = c.add(new Register("r", U8, 1, 7));
        int d = c.net("d", U8);
        int q = c.net("q", U8);
        int en = c.net("en", SignalType.BIT);
        int rst = c.net("rst", SignalType.BIT);
        c.connect(r.port("d"), d);
        c.connect(r.port("q"), q);
        c.connect(r.port("en"), en);
        c.setReset(rst);
        Simulator sim = new Simulator(c);
        assertEquals(7, sim.get(q));
        sim.set(d, 42);
        sim.set(en, 1);
        sim.tick();
        assertEquals(42, sim.get(q));
        sim.set(en, 0);
        sim.set(rst, 1);
        sim.tick();
        assertEquals(7, sim.get(q), "reset applies even when the enable is low");
        sim.set(rst, 0);
        sim.tick();
        assertEquals(7, sim.get(q), "disabled register holds");
        Activity a = activity(sim, "r");
        assertEquals(2, a.activeCycles());
        assertEquals(1, a.idleCycles());
    }

    @Test
    void togglesCountFlippedBitsOfOutputs() {
        Circuit c = new Circuit();
        Register r = c.add(new Register("r", U8, 1, 0));
        int d = c.net("d", U8);
        int q = c.net("q", U8);
        c.connect(r.port("d"), d);
        c.connect(r.port("q"), q);
        Simulator sim = new Simulator(c);
        long[] values = {0xFF, 0x0F, 0x0F, 0x00, 0x01};
        for (long v : values) {
            sim.set(d, v);
            sim.tick();
        }
        // 0 -> FF: 8, FF -> 0F: 4, 0F -> 0F: 0, 0F -> 00: 4, 00 -> 01: 1
        assertEquals(17, sim.toggles(q));
        assertEquals(17, activity(sim, "r").outputToggles());
        // d: 0 -> FF 8, FF -> 0F 4, 0F 0, 0F -> 00 4, 00 -> 01 1, the input's own flips (the enable is unbound)
        assertEquals(17, activity(sim, "r").inputToggles());
    }

    @Test
    void inputTogglesAddEveryInputsFlips() {
        Circuit c = new Circuit();
        int[] nets = adder(c, U8, SignalType.unsigned(9));
        int a = nets[0];
        int b = nets[1];
        Simulator sim = new Simulator(c);
        sim.set(a, 0x03);
        sim.set(b, 0x10);
        sim.tick();
        sim.set(a, 0x00);
        sim.tick();
        // a: 0 -> 03 -> 00, 2 + 2; b: 0 -> 10, 1
        assertEquals(5, activity(sim, "add").inputToggles());
        assertEquals(5, sim.toggles(a) + sim.toggles(b));
    }

    /** An adder "add" of two operands on nets a and b into net s: the nets a, b, s. */
    private static int[] adder(Circuit c, SignalType operand, SignalType sum) {
        Adder add = c.add(new Adder("add", operand, 1, false));
        int[] nets = {c.net("a", operand), c.net("b", operand), c.net("s", sum)};
        c.connect(add.port("a"), nets[0]);
        c.connect(add.port("b"), nets[1]);
        c.connect(add.port("s"), nets[2]);
        return nets;
    }

    @Test
    void wideSignalsKeep128Bits() {
        Circuit c = new Circuit();
        int[] nets = adder(c, SignalType.signed(100), SignalType.signed(101));
        int a = nets[0];
        int b = nets[1];
        int s = nets[2];
        Simulator sim = new Simulator(c);
        BigInteger big = BigInteger.ONE.shiftLeft(98).subtract(BigInteger.ONE);
        sim.setWide(a, big.longValue(), big.shiftRight(64).longValue());
        sim.setWide(b, -1L, -1L);
        assertEquals(big.subtract(BigInteger.ONE), sim.value(s));
        sim.setWide(b, big.longValue(), big.shiftRight(64).longValue());
        assertEquals(big.shiftLeft(1), sim.value(s));
    }

    @Test
    void combinationalLoopIsRejectedOrReportedAsOscillation() {
        Circuit c = new Circuit();
        Logic not = c.add(new Logic("inv", Logic.Op.NOT, SignalType.BIT, 1));
        int x = c.net("x", SignalType.BIT);
        c.connect(not.port("a"), x);
        c.connect(not.port("y"), x);
        CombinationalLoopException loop = assertThrows(CombinationalLoopException.class, () -> new Simulator(c));
        assertEquals("inv", loop.loop().get(0).name());

        c.allowCombinationalLoops();
        OscillationException osc = assertThrows(OscillationException.class, () -> new Simulator(c));
        assertTrue(osc.getMessage().contains("inv"), osc.getMessage());
    }

    @Test
    void multipleDriversAndUnconnectedInputsAreRejected() {
        Circuit c = new Circuit();
        Register r1 = c.add(new Register("r1", U8, 1, 0));
        Register r2 = c.add(new Register("r2", U8, 1, 0));
        int q = c.net("q", U8);
        c.connect(r1.port("q"), q);
        c.connect(r2.port("q"), q);
        c.connect(r1.port("d"), q);
        assertThrows(IllegalStateException.class, () -> new Simulator(c), "r2.d is unconnected");
        c.connect(r2.port("d"), q);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Simulator(c));
        assertTrue(e.getMessage().contains("more than one driver"), e.getMessage());
    }
}
