package dev.bdsim.synth;

import dev.bdsim.cost.TechLibrary;
import dev.bdsim.liberty.CellLibrary;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A technology library ({@code .tech}) whose every constant is computed from the cells of a Liberty
 * file, so the cost model and a synthesis with that Liberty speak about the same cells. Areas are
 * cell areas over the NAND2's (one gate equivalent); energies are cell energies per operation on
 * random data (each output toggling with probability ½), each transition the cell's internal
 * energy from its tables plus ½·C·V² into its load, at a nominal load and input transition.
 * Written for the OSU 0.18 µm cells (names as in {@code osu018_stdcells.lib}).
 */
public final class TechFromLiberty {
    /** Load of a nominal output: about two gate inputs and their wire (a point of the OSU tables' load axis). */
    static final double LOAD_PF = 0.025;
    /** Nominal input transition (a point of the OSU tables' transition axis). */
    static final double SLEW_NS = 0.18;

    private TechFromLiberty() {}

    /** The text of the technology library; {@code source} is how the file names the Liberty it came from. */
    public static String tech(CellLibrary lib, String name, String source, Map<String, Double> flow, String flowName) {
        CellLibrary.Cell nand = lib.cell("NAND2X1");
        double ge = nand.area();
        Map<String, Double> values = new LinkedHashMap<>();
        StringBuilder t = new StringBuilder();
        t.append("# Technology library: ").append(lib.name()).append(", ").append(fmt(lib.voltage())).append(" V, typical corner.\n")
                .append("# Every constant is computed from the Liberty file ").append(source).append("\n")
                .append("# (library ").append(lib.name()).append(") by ./sim liberty --tech-out; do not edit by hand, regenerate.\n")
                .append("# Energies: per operation on random data, each output of a cell toggling with probability 1/2; one\n")
                .append("# transition = the cell's internal energy (mean of rise and fall, its tables at a load of ")
                .append(fmt(LOAD_PF)).append(" pF\n# and an input transition of ").append(fmt(SLEW_NS))
                .append(" ns) plus 1/2 C V^2 into that load.\n\nname = ").append(name).append("\n\n");

        t.append("# --- area: cell areas (um^2) over NAND2X1 = ").append(fmt(ge)).append(" um^2, one gate equivalent (GE) ---\n");
        put(t, values, "ge_area_um2", ge, "NAND2X1 area");
        t.append("# Adders, multiplexers, enabled flip-flops and memory bits as the synthesis flow builds them from these cells (").append(flowName)
                .append(",\n# synth; dfflibmap and abc -liberty): ABC maps to single-output gates, never to FAX1/HAX1, and the library\n")
                .append("# has no SRAM macro. Mapped area of a reference circuit over its copies (synth/FlowCharacterization.java).\n");
        flowArea(t, values, "full_adder_ge", flow, FlowCharacterization.REFERENCES.get(0).name(), ge);
        flowArea(t, values, "half_adder_ge", flow, FlowCharacterization.REFERENCES.get(1).name(), ge);
        area(t, values, lib, "flip_flop_ge", "DFFPOSX1", ge);
        flowArea(t, values, "enabled_flip_flop_ge", flow, FlowCharacterization.REFERENCES.get(3).name(), ge);
        area(t, values, lib, "xor_ge", "XOR2X1", ge);
        area(t, values, lib, "and_ge", "AND2X1", ge);
        flowArea(t, values, "mux2_ge", flow, FlowCharacterization.REFERENCES.get(2).name(), ge);
        double treeMux = flowArea(t, values, "mux_tree_ge", flow, FlowCharacterization.REFERENCES.get(5).name(), ge);
        String shift = FlowCharacterization.REFERENCES.get(6).name();
        double shiftUm2 = measured(flow, shift);
        int muxes = FlowCharacterization.shiftMultiplexers();
        int gates = FlowCharacterization.shiftGates();
        put(t, values, "mux_tree_gate_ge", (shiftUm2 / ge - muxes * treeMux) / gates, "node of such a tree with one constant branch: the "
                + shift + " (" + fmt(shiftUm2) + " um^2) less its " + muxes + " multiplexers, over its " + gates
                + " gates, / NAND2X1");
        flowArea(t, values, "sram_bit_ge", flow, FlowCharacterization.REFERENCES.get(4).name(), ge);

        double fa = bitOperation(lib, "FAX1");
        double ha = bitOperation(lib, "HAX1");
        double and = bitOperation(lib, "AND2X1");
        double mux2 = bitOperation(lib, "MUX2X1");
        t.append("\n# --- energy per operation (pJ), built from the cells: FAX1 ").append(fmt(fa)).append(", HAX1 ").append(fmt(ha))
                .append(", AND2X1 ").append(fmt(and)).append(", MUX2X1 ").append(fmt(mux2)).append(" pJ per bit operation ---\n");
        t.append("# Adds and multiplies as the flow builds them: each reference circuit mapped as above, simulated in Icarus Verilog\n"
                + "# with the library's Verilog cell models on 512 random operand pairs, every net's toggles priced at 1/2 C V^2 of the\n"
                + "# pins it drives plus the cells' internal energy (synth/GateLevelEnergy.java), per operation\n");
        Double add = flow.get(FlowCharacterization.ENERGY.get(0).name());
        if (add == null) {
            throw new IllegalArgumentException("no flow measurement of the add energy");
        }
        put(t, values, "add32_pj", add, "32-bit add: " + fmt(add) + " pJ measured");
        // energy = mult32 * (cells / 1024)^exponent, fitted by least squares in logarithms through the measured n x n multiplies
        org.apache.commons.math3.stat.regression.SimpleRegression fit = new org.apache.commons.math3.stat.regression.SimpleRegression();
        StringBuilder measured = new StringBuilder();
        StringBuilder signedMeasured = new StringBuilder();
        double logSignedRatio = 0;
        for (int n : FlowCharacterization.MULTIPLY_SIZES) {
            Double pj = flow.get(FlowCharacterization.multiplyName(n, false));
            Double signedPj = flow.get(FlowCharacterization.multiplyName(n, true));
            if (pj == null || signedPj == null) {
                throw new IllegalArgumentException("no flow measurement of the " + n + " x " + n + " multiplies' energies");
            }
            fit.addData(Math.log(n * n / 1024.0), Math.log(pj));
            logSignedRatio += Math.log(signedPj / pj) / FlowCharacterization.MULTIPLY_SIZES.size();
            measured.append(measured.length() == 0 ? "" : ", ").append(n).append(" x ").append(n).append(" ").append(fmt(pj)).append(" pJ");
            signedMeasured.append(signedMeasured.length() == 0 ? "" : ", ").append(n).append(" x ").append(n).append(" ")
                    .append(fmt(signedPj)).append(" pJ");
        }
        put(t, values, "mult32_pj", Math.exp(fit.getIntercept()), "32 x 32 multiply: from the multiplies measured (" + measured
                + "), energy = mult32_pj * (partial-product cells / 1024)^multiplier_energy_exponent fitted to them");
        put(t, values, "multiplier_energy_exponent", fit.getSlope(), "the growth of a multiplier's energy with its partial-product "
                + "cells, fitted with mult32_pj: above 1, as a larger array's inner cells see longer carry chains toggle");
        put(t, values, "signed_multiplier_energy_ratio", Math.exp(logSignedRatio), "a signed (or mixed) multiply over an unsigned one of "
                + "the same size: the geometric mean over the signed multiplies measured (" + signedMeasured + ")");
        put(t, values, "fp32_add_pj", 33 * fa + 24 * ha + 2 * 24 * 5 * mux2,
                "FP32 add: 8-bit exponent difference and 25-bit significand add (33 FAX1), rounding increment (24 HAX1), "
                        + "alignment and normalisation shifters (2 x 24 x 5 MUX2X1)");
        put(t, values, "sram_8kb_read64_pj", 64 * 10 * mux2, "64-bit read of 8 KB of such memory (1024 words): each bit through "
                + "10 levels of MUX2X1");

        CellLibrary.Cell dff = lib.cell("DFFPOSX1");
        double clockPin = dff.pin("CLK").capacitance();
        double clock = 2 * lib.inputTransitionPj(dff, "CLK", SLEW_NS) + clockPin * lib.voltage() * lib.voltage();
        t.append("\n# --- flip-flops ---\n");
        put(t, values, "flip_flop_clock_pj", clock, "DFFPOSX1 per cycle with its data held: the CLK pin's internal energy for a rise "
                + "and a fall, plus C V^2 of its " + fmt(clockPin) + " pF");

        t.append("\n# --- data dependence ---\n");
        put(t, values, "fixed_fraction", 0, "share of an operation's energy spent whatever the data: none, as the energies above are "
                + "measured in a zero-delay simulation, where every pJ follows a toggle (no glitches; the clock is priced apart)");
        t.append("\n# --- leakage ---\n");
        put(t, values, "leakage_nw_per_ge", nand.leakageNw(), "NAND2X1 cell_leakage_power (nW), taken per GE");
        t.append("\n# --- timing: one logic level is a NAND2X1 (A to Y) driving four NAND2X1 inputs, its input switching with the\n"
                + "# transition such a gate gives (iterated to its fixed point); delays are the mean of rise and fall ---\n");
        double fo4Load = 4 * nand.pin("A").capacitance();
        double slew = 0.1;
        for (int i = 0; i < 20; i++) {
            slew = lib.transitionNs(nand, "Y", "A", fo4Load, slew);
        }
        double gate = lib.delayNs(nand, "Y", "A", fo4Load, slew);
        put(t, values, "gate_delay_ps", 1000 * gate, "NAND2X1 A->Y at " + fmt(fo4Load) + " pF and " + fmt(slew) + " ns input transition");
        double clkToQ = lib.delayNs(dff, "Q", "CLK", fo4Load, slew);
        double setup = lib.setupNs(dff, "D", "CLK", slew);
        put(t, values, "clock_to_q_ps", 1000 * clkToQ, "DFFPOSX1 CLK->Q at the same load and transition");
        put(t, values, "setup_ps", 1000 * setup, "DFFPOSX1 setup time of D before CLK rises, both with that transition");
        t.append("\n# --- off-chip memory (not in the Liberty file): one DRAM channel, as in the 45 nm library ---\n");
        put(t, values, "dram_pj_per_byte", 162.5, "energy per byte moved: M. Horowitz, ISSCC 2014, DRAM access of 64 bits 1.3-2.6 nJ; the low end");
        put(t, values, "dram_gb_per_s", 25.6, "one 64-bit DDR4-3200 channel (JEDEC JESD79-4: 3200 MT/s x 8 bytes)");
        put(t, values, "dram_latency_ns", 55, "DDR4-3200AA tRCD + CL = 27.5 ns (JESD79-4), and as much again for the controller and "
                + "the interface (an assumption of the model)");
        if (!values.keySet().equals(new java.util.LinkedHashSet<>(TechLibrary.KEYS))) {
            throw new IllegalStateException("the generator and TechLibrary.KEYS disagree: " + values.keySet() + " vs " + TechLibrary.KEYS);
        }
        return t.toString();
    }

    /** Energy (pJ) of one operation of a cell on random inputs: each output toggles with probability ½. */
    public static double bitOperation(CellLibrary lib, String cellName) {
        CellLibrary.Cell cell = lib.cell(cellName);
        return cell.outputs().stream().mapToDouble(p -> 0.5 * lib.outputTransitionPj(cell, p.name(), LOAD_PF, SLEW_NS)).sum();
    }

    /** Puts the flow's area of {@code primitive} in GE under {@code key}, and returns it. */
    private static double flowArea(StringBuilder t, Map<String, Double> values, String key, Map<String, Double> flow, String primitive, double ge) {
        double a = measured(flow, primitive);
        put(t, values, key, a / ge, primitive + ": " + fmt(a) + " um^2 / NAND2X1");
        return a / ge;
    }

    private static double measured(Map<String, Double> flow, String primitive) {
        Double a = flow.get(primitive);
        if (a == null) {
            throw new IllegalArgumentException("no flow measurement of " + primitive);
        }
        return a;
    }

    private static void area(StringBuilder t, Map<String, Double> values, CellLibrary lib, String key, String cell, double ge) {
        double a = lib.cell(cell).area();
        put(t, values, key, a / ge, cell + " " + fmt(a) + " um^2 / NAND2X1");
    }

    private static void put(StringBuilder t, Map<String, Double> values, String key, double value, String why) {
        values.put(key, value);
        t.append("# ").append(why).append("\n").append(key).append(" = ").append(fmt(value)).append("\n");
    }

    public static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
