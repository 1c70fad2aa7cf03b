package dev.bdsim.lib;

import dev.bdsim.cost.Group;
import dev.bdsim.cost.Levels;
import dev.bdsim.cost.Shape;
import dev.bdsim.cost.TableLogic;
import dev.bdsim.cost.TechLibrary;
import dev.bdsim.format.DialectFp4Format;
import dev.bdsim.format.Formatbook;
import dev.bdsim.hdl.Verilog;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;

/**
 * The online quantizer's final encoding, lane by lane: the element's quarter units {@code quarters}
 * (the truncated {@code t}, which encodes the exact scaled value once; or the rounded {@code u} of
 * the double-rounding ablation) and the sign to the 4-bit code {@code sign << 3 | index}, index =
 * the number of the block {@code dialect}'s midpoints {@code h[k] + h[k+1]} that {@code quarters}
 * reaches (ties to the larger magnitude; magnitude 0 with sign 0). In hardware, the cheaper of: the
 * dialect selects its seven midpoints once per block, each lane compares with them (a thermometer
 * code) and encodes the count; or each lane is one table of {dialect, sign, quarters}.
 */
public final class DialectEncoder extends Hardware {
    public static final Kind KIND = new Kind("DialectEncoder", Group.CONTROL,
            "u, sign (per lane), dialect -> code: the nearest magnitude's 4-bit code",
            List.of(ParamSpec.formatbook(), ParamSpec.lanes()),
            (n, p) -> new DialectEncoder(n, p.formatbook(), p.intValue("lanes")));

    private final Formatbook book;
    private final Port quarters;
    private final Port sign;
    private final Port dialect;
    private final Port code;
    private final int lanes;
    private final int encode;

    public DialectEncoder(String name, Formatbook book, int lanes) {
        super(name);
        this.book = book;
        this.lanes = lanes;
        quarters = input("quarters", SignalType.unsigned(5), lanes);
        sign = input("sign", SignalType.BIT, lanes);
        dialect = input("dialect", SignalType.unsigned(book.dialectBits()), 1);
        code = output("code", SignalType.unsigned(4), lanes);
        encode = action("encode");
    }

    /** The code of an element of these quarter units and sign in dialect d. */
    public int code(int d, int quarterUnits, boolean negative) {
        return DialectFp4Format.elementCode(book, d, book.nearestIndex(d, quarterUnits), negative);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        int d = (int) get(dialect);
        for (int l = 0; l < lanes; l++) {
            set(code, l, code(d, (int) get(quarters, l), get(sign, l) != 0));
        }
        count(encode, lanes);
    }

    @Override
    public Levels levels() {
        // the element against the seven midpoints (five-bit compares in parallel), then the thermometer code's encoding
        return Levels.through(Levels.add(5) + 1 + Levels.table(3));
    }

    @Override
    public Shape shape(TechLibrary tech) {
        int lanes = maxLanes();
        double logic = tech.logicPjPerGe();
        // the cheaper of two structures: per lane the element against the dialect's seven midpoints (a thermometer code)
        // and its encoding, the midpoints selected once per block; or per lane the whole table of {dialect, sign,
        // quarters}, as the Verilog writes it
        int d = width("dialect");
        int midpoints = Formatbook.MAGNITUDES - 1;
        double lane = midpoints * (5 * tech.comparatorBitGe() + tech.andGe()) + tech.andGe();
        long[] table = new long[book.dialects()];
        for (int k = 0; k < table.length; k++) {
            for (int m = 0; m < midpoints; m++) {
                table[k] |= (long) (book.halfUnits(k, m) + book.halfUnits(k, m + 1)) << (5 * m);
            }
        }
        double shared = TableLogic.ge(table, d, midpoints * 5, tech);
        double whole = TableLogic.ge(wholeTable(), d + 6, 4, tech);
        return lanes * whole < lanes * lane + shared ? new Shape(lanes * whole, whole * logic, 2, 0, 0)
                : new Shape(lanes * lane + shared, lane * logic, 2, 0, 0);
    }

    /** The code of every {dialect, sign, quarters}: what one lane's table holds. */
    private long[] wholeTable() {
        long[] codes = new long[book.dialects() << 6];
        for (int k = 0; k < book.dialects(); k++) {
            for (int s = 0; s < 2; s++) {
                for (int u = 0; u < 32; u++) {
                    codes[k << 6 | s << 5 | u] = code(k, u, s == 1);
                }
            }
        }
        return codes;
    }

    @Override
    public String verilogBody(String memoryFile) {
        StringBuilder e = new StringBuilder("    reg [3:0] code_l;\n    always @* case ({dialect, sign[l], quarters[l*5 +: 5]})\n");
        long[] codes = wholeTable();
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] != 0) {
                e.append("      ").append(i).append(": code_l = ").append(codes[i]).append(";\n");
            }
        }
        e.append("      default: code_l = 0;\n    endcase\n    assign code[l*4 +: 4] = code_l;\n");
        return Verilog.forLanes(lanesOf("quarters"), e.toString());
    }
}
