package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TableLogic;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.Formatbook;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * The DialectFP4 decoder: 4-bit codes {@code sign(1) index(3)} of one block and the block's
 * dialect give, lane by lane, the 4-bit unsigned magnitude {@code h[dialect][index]} (half units)
 * and the sign, as the formatbook defines them.
 */
public final class DialectDecoder extends Hardware {
    public static final Kind KIND = new Kind("DialectDecoder", Group.DECODER,
            "code (per lane), dialect (per ParamSpec.block()) -> magnitude (half units), sign",
            List.of(ParamSpec.formatbook(), ParamSpec.lanes()),
            (n, p) -> new DialectDecoder(n, p.formatbook(), p.intValue("lanes")));

    private final Port code;
    private final Port dialect;
    private final Port magnitude;
    private final Port sign;
    private final int lanes;
    private final int[] halfUnits;
    private final int decode;

    public DialectDecoder(String name, Formatbook book, int lanes) {
        super(name);
        this.lanes = lanes;
        halfUnits = new int[book.dialects() * Formatbook.MAGNITUDES];
        for (int d = 0; d < book.dialects(); d++) {
            for (int k = 0; k < Formatbook.MAGNITUDES; k++) {
                halfUnits[d * Formatbook.MAGNITUDES + k] = book.halfUnits(d, k);
            }
        }
        code = input("code", SignalType.unsigned(4), lanes);
        dialect = input("dialect", SignalType.unsigned(book.dialectBits()), 1);
        magnitude = output("magnitude", SignalType.unsigned(32 - Integer.numberOfLeadingZeros(Formatbook.MAX_HALF_UNITS)), lanes);
        sign = output("sign", SignalType.BIT, lanes);
        decode = action("decode");
    }

    /** The magnitude (half units) of index {@code k} in dialect {@code d}. */
    public int magnitude(int d, int k) {
        return halfUnits[d * Formatbook.MAGNITUDES + k];
    }

    /** Magnitude indices whose value depends on the dialect (the others decode the same in every dialect). */
    public List<Integer> dialectDependentIndices() {
        int dialects = halfUnits.length / Formatbook.MAGNITUDES;
        List<Integer> indices = new java.util.ArrayList<>();
        for (int k = 0; k < Formatbook.MAGNITUDES; k++) {
            for (int d = 1; d < dialects; d++) {
                if (halfUnits[d * Formatbook.MAGNITUDES + k] != halfUnits[k]) {
                    indices.add(k);
                    break;
                }
            }
        }
        return indices;
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        int row = (int) get(dialect) * Formatbook.MAGNITUDES;
        for (int l = 0; l < lanes; l++) {
            int c = (int) get(code, l);
            set(magnitude, l, halfUnits[row + (c & 7)]);
            set(sign, l, c >> 3);
        }
        count(decode, lanes);
    }

    @Override
    public Levels levels() {
        // the magnitude table, then the multiplexer of the dialect-dependent values
        return Levels.through(Levels.table(width("code") - 1) + Levels.mux(2));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double logic = tech.logicPjPerGe();
        // the sign passes through. One lane decodes {dialect, index} as one table; several lanes share
        // the dialect's decoding to its dialect-dependent values, each lane then picks among those and
        // the common values by its index: the cheaper of the two structures
        int mag = width("magnitude");
        int indexBits = width("code") - 1;
        int dialects = halfUnits.length / Formatbook.MAGNITUDES;
        long[] whole = new long[halfUnits.length];
        for (int i = 0; i < whole.length; i++) {
            whole[i] = halfUnits[i];
        }
        double alone = TableLogic.ge(whole, width("dialect") + indexBits, mag, tech);
        List<Integer> varying = dialectDependentIndices();
        long[] perDialect = new long[dialects];
        for (int d = 0; d < dialects; d++) {
            for (int j = 0; j < varying.size(); j++) {
                perDialect[d] |= (long) magnitude(d, varying.get(j)) << (j * mag);
            }
        }
        int[][] pick = new int[mag][Formatbook.MAGNITUDES];
        for (int b = 0; b < mag; b++) {
            for (int k = 0; k < Formatbook.MAGNITUDES; k++) {
                int j = varying.indexOf(k);
                pick[b][k] = j >= 0 ? TableLogic.FIRST_SIGNAL + j * mag + b : magnitude(0, k) >> b & 1;
            }
        }
        double shared = TableLogic.ge(perDialect, width("dialect"), varying.size() * mag, tech);
        double lane = TableLogic.ge(pick, indexBits, tech);
        double inputs = (width("code") + width("dialect")) / 2.0;
        if (lanes * alone <= shared + lanes * lane) {
            return new Shape(lanes * alone, alone * logic, (mag + 1) / 2.0, 0, 0).drivenByInputs(inputs);
        }
        return new Shape(lanes * lane + shared, lane * logic + shared * logic / lanes, (mag + 1) / 2.0, 0, 0).drivenByInputs(inputs);
    }

    @Override
    public String verilogBody(String memoryFile) {
        int wd = width("dialect");
        int wm = width("magnitude");
        // the magnitudes of every dialect as one constant table, entry {dialect, index}
        java.math.BigInteger[] table = new java.math.BigInteger[(1 << wd) * 8];
        for (int dialect = 0; dialect < 1 << wd; dialect++) {
            for (int k = 0; k < 8; k++) {
                int v = dialect < halfUnits.length / Formatbook.MAGNITUDES ? magnitude(dialect, k) : 0;
                table[dialect << 3 | k] = java.math.BigInteger.valueOf(v);
            }
        }
        String body = "    assign " + Verilog.lane("magnitude", wm) + " = " + Verilog.tableEntry("MAGNITUDES", "{dialect, code[l*4 +: 3]}", wm) + ";\n"
                + "    assign sign[l] = code[l*4 + 3];\n";
        return Verilog.constantTable("MAGNITUDES", wm, table)
                + Verilog.forLanes(lanesOf("code"), body);
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        e.line("int row = (int) " + e.in(dialect, "0") + " * " + Formatbook.MAGNITUDES + ";");
        e.forLanes(lanes, () -> {
            e.line("int c = (int) " + e.in(code, "l") + ";");
            e.write(magnitude, "l", e.bind(halfUnits) + "[row + (c & 7)]");
            e.write(sign, "l", "c >> 3");
        });
        e.line(e.count(decode, lanes));
        return true;
    }
}
