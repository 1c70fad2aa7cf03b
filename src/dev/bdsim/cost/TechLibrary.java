package dev.bdsim.cost;

import dev.bdsim.io.InputFiles;
import dev.bdsim.ProjectHome;
import dev.bdsim.BadInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The constants of a technology (a {@code .tech} file under {@code rtl-models/tech/}): cell areas
 * in gate equivalents, energies per operation, leakage. Every constant the cost model needs must
 * be present and positive.
 */
public record TechLibrary(String name, Path file, double geAreaUm2, double fullAdderGe, double halfAdderGe,
                          double flipFlopGe, double enabledFlipFlopGe, double xorGe, double andGe, double mux2Ge, double muxTreeGe, double muxTreeGateGe, double sramBitGe,
                          double add32Pj, double mult32Pj, double multiplierEnergyExponent,
                          double signedMultiplierEnergyRatio, double fp32AddPj, double sram8kbRead64Pj,
                          double flipFlopClockPj, double fixedFraction, double leakageNwPerGe, double gateDelayPs,
                          double clockToQPs, double setupPs, double dramPjPerByte, double dramGbPerS, double dramLatencyNs) {

    public static final List<String> KEYS = List.of("ge_area_um2", "full_adder_ge", "half_adder_ge", "flip_flop_ge", "enabled_flip_flop_ge", "xor_ge",
            "and_ge", "mux2_ge", "mux_tree_ge", "mux_tree_gate_ge", "sram_bit_ge", "add32_pj", "mult32_pj", "multiplier_energy_exponent",
            "signed_multiplier_energy_ratio", "fp32_add_pj", "sram_8kb_read64_pj",
            "flip_flop_clock_pj", "fixed_fraction", "leakage_nw_per_ge", "gate_delay_ps", "clock_to_q_ps", "setup_ps",
            "dram_pj_per_byte", "dram_gb_per_s", "dram_latency_ns");

    public static Path dir() {
        return ProjectHome.file("rtl-models", "tech");
    }

    /** A flip-flop with a synchronous reset, as every register of the library is built: the flip-flop and an AND gate on its input. */
    public double resetFlipFlopGe() {
        return flipFlopGe + andGe;
    }

    /**
     * A bit of a magnitude comparison of two variables, {@code a < b}: the carry (borrow) chain of an adder
     * without the sum's XOR, as synthesis builds a compare.
     */
    public double comparatorBitGe() {
        return fullAdderGe - xorGe;
    }

    /** A library by name ({@code 45nm} is {@code rtl-models/tech/45nm.tech}) or by path. */
    public static TechLibrary named(String nameOrPath) {
        Path p = nameOrPath.endsWith(".tech") || nameOrPath.contains("/") ? Path.of(nameOrPath)
                : dir().resolve(nameOrPath + ".tech");
        return load(p);
    }

    public static TechLibrary load(Path file) {
        Properties props = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                if (containsKey(key)) {
                    throw new IllegalArgumentException("constant " + InputFiles.quote(file, "technology library", String.valueOf(key)) + " is given twice; keep one");
                }
                return super.put(key, value);
            }
        };
        try {
            props.load(new java.io.StringReader(InputFiles.readText(file, "technology library")));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": technology library not found; the shipped ones are in " + dir());
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(file + ": cannot read the technology library: " + e.getMessage());
        }
        double[] v = new double[KEYS.size()];
        for (int i = 0; i < v.length; i++) {
            String key = KEYS.get(i);
            String text = props.getProperty(key);
            if (text == null) {
                throw new BadInputException(file + ": missing constant " + key + "; every library defines "
                        + String.join(", ", KEYS));
            }
            try {
                v[i] = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw new BadInputException(file + ": " + key + " = " + InputFiles.quote(file, "technology library", text.strip()) + " is not a number");
            }
            boolean fraction = key.equals("fixed_fraction");
            if (!(v[i] > 0 || fraction && v[i] == 0) || Double.isInfinite(v[i]) || fraction && v[i] > 1) {
                throw new BadInputException(file + ": " + key + " = " + InputFiles.quote(file, "technology library", text.strip()) + (fraction ? " must be from 0 to 1" : " must be positive"));
            }
        }
        String name = props.getProperty("name", file.getFileName().toString().replace(".tech", "")).strip();
        return new TechLibrary(name, file, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23], v[24], v[25]);
    }

    /** The off-chip memory's bandwidth in whole bytes per cycle at {@code clockHz} (at least 1). */
    public int dramBytesPerCycle(double clockHz) {
        return (int) Math.max(1, Math.round(dramGbPerS * 1e9 / clockHz));
    }

    /** The off-chip memory's access latency in whole cycles at {@code clockHz}. */
    public int dramLatencyCycles(double clockHz) {
        return (int) Math.ceil(dramLatencyNs * 1e-9 * clockHz - 1e-9);
    }

    /** Energy of one full-adder bit operation on random data (pJ). */
    public double bitAddPj() {
        return add32Pj / 32;
    }

    /** Energy of an array multiplier of {@code cells} partial-product cells on random data (pJ), of signed or unsigned operands. */
    public double multiplierPj(int cells, boolean signed) {
        return mult32Pj * Math.pow(cells / 1024.0, multiplierEnergyExponent) * (signed ? signedMultiplierEnergyRatio : 1);
    }

    /** Energy per GE of random logic per operation (pJ), from the full adder's. */
    public double logicPjPerGe() {
        return bitAddPj() / fullAdderGe;
    }
}
