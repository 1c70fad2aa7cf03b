package dev.bdsim.verilog;

import dev.bdsim.BadInputException;
import dev.bdsim.gemm.AccumulatorSpec;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Port;
import dev.bdsim.lib.AdderTree;
import dev.bdsim.lib.BlockAccumulator;
import dev.bdsim.lib.Counter;
import dev.bdsim.lib.DialectDecoder;
import dev.bdsim.lib.DialectEncoder;
import dev.bdsim.lib.ElementDecoder;
import dev.bdsim.lib.Logic;
import dev.bdsim.lib.Lut;
import dev.bdsim.lib.MseSelect;
import dev.bdsim.lib.PairSelect;
import dev.bdsim.lib.RangeCounter;
import dev.bdsim.lib.Register;
import dev.bdsim.lib.Shifter;
import dev.bdsim.lib.Sram;

import java.math.BigInteger;
import java.util.List;

/**
 * The Verilog-2005 module of one library component instance: ports named as in the library (lane
 * arrays packed, lane l at bits [l*W +: W]), {@code clk} and {@code rst} on sequential ones,
 * behaviour written to match the Java component cycle for cycle and bit for bit (synchronous
 * reset overriding the enable; state starting as the simulator's power-on reset leaves it).
 */
final class ComponentVerilog {
    private ComponentVerilog() {}

    /** True when the exporter writes this component as plain assignments instead of a module. */
    static boolean isWiring(Component c) {
        return c.isWiring() || c.typeName().equals("Constant");
    }

    static String module(Component c, String name, String memFile) {
        StringBuilder b = new StringBuilder();
        b.append("// ").append(c.typeName()).append(' ').append(c.name()).append(c.origin().isEmpty() ? "" : " (" + c.origin() + ")").append('\n');
        b.append("module ").append(name).append(" (");
        List<String> ports = new java.util.ArrayList<>();
        if (c.isSequential()) {
            ports.add("input clk");
            ports.add("input rst");
        }
        for (Port p : c.ports()) {
            ports.add((p.isInput() ? "input " : "output ") + range(p) + p.name());
        }
        b.append(String.join(", ", ports)).append(");\n");
        b.append("  genvar l;\n");
        b.append(body(c, memFile));
        b.append("endmodule\n\n");
        return b.toString();
    }

    /** Every port has a range, [0:0] for a single bit, so lane selects work on one lane too. */
    static String range(Port p) {
        return "[" + (p.type().width() * p.lanes() - 1) + ":0] ";
    }

    private static int w(Component c, String port) {
        return c.port(port).type().width();
    }

    private static boolean signed(Component c, String port) {
        return c.port(port).type().signed();
    }

    private static int lanes(Component c, String port) {
        return c.port(port).lanes();
    }

    /** A lane's bits of a packed port: {@code name[l*W +: W]}. */
    private static String lane(String port, int width) {
        return port + "[l*" + width + " +: " + width + "]";
    }

    private static String forLanes(int lanes, String body) {
        return "  generate for (l = 0; l < " + lanes + "; l = l + 1) begin : lane\n" + body + "  end endgenerate\n";
    }

    /**
     * Element {@code index} of {@code from} bits of a packed signal ({@code index} null: the whole
     * signal), sign- or zero-extended to {@code to} bits.
     */
    private static String extend(String signal, String index, int from, int to, boolean signed) {
        String expr = index == null ? signal : signal + "[" + index + "*" + from + " +: " + from + "]";
        if (to <= from) {
            return expr;
        }
        String top = index == null ? signal + "[" + (from - 1) + "]" : signal + "[" + index + "*" + from + " + " + (from - 1) + "]";
        return "{{" + (to - from) + "{" + (signed ? top : "1'b0") + "}}, " + expr + "}";
    }

    private static String literal(int width, long value) {
        BigInteger v = BigInteger.valueOf(value);
        if (v.signum() < 0) {
            v = v.add(BigInteger.ONE.shiftLeft(width));
        }
        return width + "'h" + v.mod(BigInteger.ONE.shiftLeft(width)).toString(16);
    }

    private static String body(Component c, String memFile) {
        switch (c.typeName()) {
            case "Register" -> {
                Register r = (Register) c;
                int wd = w(c, "q");
                int n = lanes(c, "q");
                return "  reg " + range(c.port("q")) + "state;\n  initial state = {" + n + "{" + literal(wd, r.init()) + "}};\n"
                        + "  always @(posedge clk) if (rst) state <= {" + n + "{" + literal(wd, r.init()) + "}}; else if (en) state <= d;\n"
                        + "  assign q = state;\n";
            }
            case "Delay" -> {
                int depth = ((dev.bdsim.lib.Delay) c).depth();
                String r = range(c.port("q"));
                return "  reg " + r + "stage [0:" + (depth - 1) + "];\n  integer i;\n"
                        + "  initial for (i = 0; i < " + depth + "; i = i + 1) stage[i] = 0;\n"
                        + "  always @(posedge clk)\n    if (rst) for (i = 0; i < " + depth + "; i = i + 1) stage[i] <= 0;\n"
                        + "    else begin stage[0] <= d; for (i = 1; i < " + depth + "; i = i + 1) stage[i] <= stage[i - 1]; end\n"
                        + "  assign q = stage[" + (depth - 1) + "];\n";
            }
            case "Adder" -> {
                int wa = w(c, "a");
                boolean sg = signed(c, "a");
                String op = ((dev.bdsim.lib.Adder) c).subtract() ? " - " : " + ";
                return forLanes(lanes(c, "a"), "    assign " + lane("s", wa + 1) + " = " + extend("a", "l", wa, wa + 1, sg) + op
                        + extend("b", "l", wa, wa + 1, sg) + ";\n");
            }
            case "Logic" -> {
                String op = ((Logic) c).operation();
                return "  assign y = " + switch (op) {
                    case "not" -> "~a";
                    case "and" -> "a & b";
                    case "or" -> "a | b";
                    default -> "a ^ b";
                } + ";\n";
            }
            case "Mux" -> {
                int inputs = (int) c.ports().stream().filter(p -> p.name().matches("in\\d+")).count();
                StringBuilder e = new StringBuilder("  assign out = ");
                for (int i = 0; i < inputs; i++) {
                    e.append("sel == ").append(i).append(" ? in").append(i).append(" : ");
                }
                return e.append("0;\n").toString();
            }
            case "Comparator" -> {
                int wa = w(c, "a");
                String a = signed(c, "a") ? "$signed(" + lane("a", wa) + ")" : lane("a", wa);
                String bb = signed(c, "a") ? "$signed(" + lane("b", wa) + ")" : lane("b", wa);
                return forLanes(lanes(c, "a"), "    assign lt[l] = " + a + " < " + bb + ";\n    assign eq[l] = " + a + " == " + bb
                        + ";\n    assign gt[l] = " + a + " > " + bb + ";\n");
            }
            case "Shifter" -> {
                int wa = w(c, "a");
                int wn = w(c, "amount");
                boolean left = ((Shifter) c).left();
                String a = lane("a", wa);
                String n = lane("amount", wn);
                // the arithmetic shift stays in its own signed wire: inside ?: an unsigned branch would make it logical
                String shifted = left ? a + " << " + n : signed(c, "a") ? "x >>> " + n : a + " >> " + n;
                String over = left || !signed(c, "a") ? wa + "'d0" : "{" + wa + "{a[l*" + wa + " + " + (wa - 1) + "]}}";
                return forLanes(lanes(c, "a"), "    wire signed [" + (wa - 1) + ":0] x = " + a + ";\n    wire [" + (wa - 1) + ":0] shifted = "
                        + shifted + ";\n    assign " + lane("y", wa) + " = " + n + " >= " + wa + " ? " + over + " : shifted;\n");
            }
            case "Multiplier" -> {
                int wa = w(c, "a");
                int wb = w(c, "b");
                int wp = w(c, "p");
                String prod = "(" + extend("a", "l", wa, wp, signed(c, "a")) + " * " + extend("b", "l", wb, wp, signed(c, "b")) + ")";
                String v = c.port("neg") == null ? prod : "(neg[l] ? -" + prod + " : " + prod + ")";
                return forLanes(lanes(c, "a"), "    wire [" + (wp - 1) + ":0] product = " + v + ";\n    assign " + lane("p", wp) + " = product;\n");
            }
            case "AdderTree" -> {
                AdderTree t = (AdderTree) c;
                int wx = w(c, "x");
                int ws = w(c, "sum");
                boolean sg = signed(c, "x");
                StringBuilder e = new StringBuilder("  reg [" + (ws - 1) + ":0] total;\n  integer i;\n  always @* begin\n    total = 0;\n"
                        + "    for (i = 0; i < " + t.inputs() + "; i = i + 1) total = total + "
                        + extend("x", "i", wx, ws, sg) + ";\n  end\n");
                int p = t.pipeline();
                if (p == 0) {
                    return e.append("  assign sum = total;\n").toString();
                }
                return e.append("  reg [" + (ws - 1) + ":0] stage [1:" + p + "];\n  initial for (i = 1; i <= " + p + "; i = i + 1) stage[i] = 0;\n"
                        + "  always @(posedge clk)\n    if (rst) for (i = 1; i <= " + p + "; i = i + 1) stage[i] <= 0;\n"
                        + "    else if (en) begin stage[1] <= total; for (i = 2; i <= " + p + "; i = i + 1) stage[i] <= stage[i - 1]; end\n"
                        + "  assign sum = stage[" + p + "];\n").toString();
            }
            case "Sram" -> {
                Sram s = (Sram) c;
                String r = range(c.port("rdata"));
                return "  reg " + r + "memory [0:" + (s.words() - 1) + "];\n  reg " + r + "read;\n  initial begin read = 0;"
                        + (memFile != null ? " $readmemh(\"" + memFile + "\", memory);" : "") + " end\n"
                        + "  always @(posedge clk)\n    if (addr < " + s.words() + ") begin\n"
                        + "      if (we) memory[addr] <= wdata;\n      else if (re) read <= memory[addr];\n    end\n"
                        + "  assign rdata = read;\n";
            }
            case "Counter" -> {
                long max = ((Counter) c).max();
                int wq = w(c, "q");
                return "  reg [" + (wq - 1) + ":0] value;\n  initial value = 0;\n"
                        + "  always @(posedge clk) if (rst) value <= 0; else if (en) value <= value == " + literal(wq, max) + " ? 0 : value + 1;\n"
                        + "  assign q = value;\n  assign at_max = value == " + literal(wq, max) + ";\n";
            }
            case "Lut" -> {
                long[] table = ((Lut) c).table();
                int wa = w(c, "a");
                int wy = w(c, "y");
                StringBuilder e = new StringBuilder("    reg [" + (wy - 1) + ":0] y_l;\n    always @* case (" + lane("a", wa) + ")\n");
                for (int i = 0; i < table.length; i++) {
                    e.append("      ").append(i).append(": y_l = ").append(literal(wy, table[i])).append(";\n");
                }
                e.append("      default: y_l = 0;\n    endcase\n    assign ").append(lane("y", wy)).append(" = y_l;\n");
                return forLanes(lanes(c, "a"), e.toString());
            }
            case "ElementDecoder" -> {
                return elementDecoder((ElementDecoder) c);
            }
            case "DialectDecoder" -> {
                DialectDecoder d = (DialectDecoder) c;
                int wd = w(c, "dialect");
                int wm = w(c, "magnitude");
                StringBuilder e = new StringBuilder("    reg [" + (wm - 1) + ":0] m;\n    always @* case ({dialect, code[l*4 +: 3]})\n");
                for (int dialect = 0; dialect < 1 << wd; dialect++) {
                    for (int k = 0; k < 8; k++) {
                        e.append("      ").append(dialect << 3 | k).append(": m = ").append(d.magnitude(dialect, k)).append(";\n");
                    }
                }
                e.append("      default: m = 0;\n    endcase\n    assign ").append(lane("magnitude", wm)).append(" = m;\n")
                        .append("    assign sign[l] = code[l*4 + 3];\n");
                return forLanes(lanes(c, "code"), e.toString());
            }
            case "Accumulator" -> {
                return accumulator((BlockAccumulator) c);
            }
            case "BlockMax" -> {
                int wx = w(c, "x");
                int n = lanes(c, "x");
                return "  reg [" + (wx - 1) + ":0] running, held, m;\n  integer i;\n  initial begin running = 0; held = 0; end\n"
                        + "  always @* begin\n    m = first ? 0 : running;\n    for (i = 0; i < " + n + "; i = i + 1)\n"
                        + "      if (x[i*" + wx + " +: " + wx + "] > m) m = x[i*" + wx + " +: " + wx + "];\n  end\n"
                        + "  always @(posedge clk)\n    if (rst) begin running <= 0; held <= 0; end\n"
                        + "    else if (valid) begin running <= m; if (last) held <= m; end\n  assign max = held;\n";
            }
            case "QuarterScaler" -> {
                // one shifter gives floor(8q) = 4n >> (g-1), n the FP16 magnitude in units of 2^-24, g = ebits + 9;
                // u = min(31, (floor(8q) + 1) >> 1) rounds half up, t = min(31, floor(8q) >> 1) truncates
                return forLanes(lanes(c, "x"), "    wire [4:0] e = x[l*15 + 10 +: 5];\n"
                        + "    wire [10:0] significand = e == 0 ? {1'b0, x[l*15 +: 10]} : {1'b1, x[l*15 +: 10]};\n"
                        + "    wire [63:0] n = {53'd0, significand} << (e == 0 ? 0 : e - 1);\n"
                        + "    wire [5:0] g = ebits + 6'd9;\n"
                        + "    wire [63:0] eighths = (n << 2) >> (g - 1);\n"
                        + "    wire [63:0] q = (eighths + 1) >> 1;\n"
                        + "    wire [63:0] tq = eighths >> 1;\n"
                        + "    assign u[l*5 +: 5] = q > 31 ? 5'd31 : q[4:0];\n"
                        + "    assign t[l*5 +: 5] = tq > 31 ? 5'd31 : tq[4:0];\n");
            }
            case "PairSelect" -> {
                PairSelect p = (PairSelect) c;
                int wd = w(c, "a");
                StringBuilder e = new StringBuilder("  reg [" + (wd - 1) + ":0] ra, rb;\n  always @* case (umax)\n");
                for (int u = 0; u < 32; u++) {
                    var pair = p.pair(u);
                    e.append("    ").append(u).append(": begin ra = ").append(pair.a()).append("; rb = ").append(pair.b()).append("; end\n");
                }
                return e.append("    default: begin ra = 0; rb = 0; end\n  endcase\n  assign a = ra;\n  assign b = rb;\n").toString();
            }
            case "RangeCounter" -> {
                RangeCounter r = (RangeCounter) c;
                int wd = w(c, "a");
                int n = lanes(c, "u");
                int bits = r.balanceBits() + 2;
                StringBuilder e = new StringBuilder("  function signed [1:0] vote(input [" + (wd - 1) + ":0] a, input [4:0] u);\n"
                        + "    case ({a, u})\n");
                for (int a = 0; a < 1 << wd; a++) {
                    for (int u = 0; u < 32; u++) {
                        int v = r.vote(a, u);
                        if (v != 0) {
                            e.append("      ").append(a << 5 | u).append(": vote = ").append(v < 0 ? "-2'sd1" : "2'sd1").append(";\n");
                        }
                    }
                }
                e.append("      default: vote = 0;\n    endcase\n  endfunction\n");
                e.append("  reg signed [" + (bits - 1) + ":0] balance, sum;\n  reg [" + (wd - 1) + ":0] held;\n  integer i;\n"
                        + "  initial begin balance = 0; held = 0; end\n"
                        + "  always @* begin\n    sum = first ? 0 : balance;\n    for (i = 0; i < " + n + "; i = i + 1) sum = sum + vote(a, u[i*5 +: 5]);\n  end\n"
                        + "  always @(posedge clk)\n    if (rst) begin balance <= 0; held <= 0; end\n"
                        + "    else if (valid) begin balance <= sum; if (last) held <= sum >= 0 ? a : b; end\n  assign dialect = held;\n");
                return e.toString();
            }
            case "MseSelect" -> {
                MseSelect m = (MseSelect) c;
                int d = m.dialects();
                int wd = w(c, "dialect");
                int n = lanes(c, "u");
                int sb = m.sumBits() + 1;
                StringBuilder e = new StringBuilder("  function [" + (m.errorBits() - 1) + ":0] err2(input [" + (wd - 1) + ":0] d, input [4:0] u);\n"
                        + "    case ({d, u})\n");
                for (int k = 0; k < d; k++) {
                    for (int u = 0; u < 32; u++) {
                        int v = m.squaredError(k, u);
                        if (v != 0) {
                            e.append("      ").append(k << 5 | u).append(": err2 = ").append(v).append(";\n");
                        }
                    }
                }
                e.append("      default: err2 = 0;\n    endcase\n  endfunction\n");
                e.append("  reg [" + (sb - 1) + ":0] cost [0:" + (d - 1) + "];\n  reg [" + (sb - 1) + ":0] next [0:" + (d - 1) + "];\n"
                        + "  reg [" + (wd - 1) + ":0] held, best;\n  reg [" + (sb - 1) + ":0] bestCost;\n  integer i, k;\n"
                        + "  initial begin held = 0; for (k = 0; k < " + d + "; k = k + 1) cost[k] = 0; end\n"
                        + "  always @* begin\n    for (k = 0; k < " + d + "; k = k + 1) begin\n      next[k] = first ? 0 : cost[k];\n"
                        + "      for (i = 0; i < " + n + "; i = i + 1) next[k] = next[k] + err2(k, u[i*5 +: 5]);\n    end\n"
                        + "    best = 0; bestCost = next[0];\n"
                        + "    for (k = 1; k < " + d + "; k = k + 1) if (next[k] < bestCost) begin best = k; bestCost = next[k]; end\n  end\n"
                        + "  always @(posedge clk)\n    if (rst) begin held <= 0; for (k = 0; k < " + d + "; k = k + 1) cost[k] <= 0; end\n"
                        + "    else if (valid) begin for (k = 0; k < " + d + "; k = k + 1) cost[k] <= next[k]; if (last) held <= best; end\n"
                        + "  assign dialect = held;\n");
                return e.toString();
            }
            case "DialectEncoder" -> {
                DialectEncoder enc = (DialectEncoder) c;
                int wd = w(c, "dialect");
                StringBuilder e = new StringBuilder("    reg [3:0] code_l;\n    always @* case ({dialect, sign[l], quarters[l*5 +: 5]})\n");
                for (int d = 0; d < 1 << wd; d++) {
                    for (int s = 0; s < 2; s++) {
                        for (int u = 0; u < 32; u++) {
                            int code = enc.code(d, u, s == 1);
                            if (code != 0) {
                                e.append("      ").append(d << 6 | s << 5 | u).append(": code_l = ").append(code).append(";\n");
                            }
                        }
                    }
                }
                e.append("      default: code_l = 0;\n    endcase\n    assign code[l*4 +: 4] = code_l;\n");
                return forLanes(lanes(c, "quarters"), e.toString());
            }
            case "PipeStage" -> {
                String r = range(c.port("out_data"));
                return "  reg full;\n  reg " + r + "data;\n  initial begin full = 0; data = 0; end\n"
                        + "  assign in_ready = !full || out_ready;\n"
                        + "  always @(posedge clk)\n    if (rst) begin full <= 0; data <= 0; end\n"
                        + "    else if (!full || out_ready) begin full <= in_valid; if (in_valid) data <= in_data; end\n"
                        + "  assign out_valid = full;\n  assign out_data = data;\n";
            }
            case "Fifo" -> {
                int depth = ((dev.bdsim.lib.Fifo) c).depth();
                String r = range(c.port("out_data"));
                String cr = range(c.port("count"));
                // internal state in blocking assignments (read only here); the outputs change at the edge, as commit() sets them
                return "  reg " + r + "store [0:" + (depth - 1) + "];\n  integer head, size, i;\n  reg pop, push;\n"
                        + "  reg ready_r, valid_r;\n  reg " + cr + "count_r;\n  reg " + r + "data_r;\n"
                        + "  initial begin head = 0; size = 0; ready_r = 1; valid_r = 0; count_r = 0; data_r = 0;\n"
                        + "    for (i = 0; i < " + depth + "; i = i + 1) store[i] = 0; end\n"
                        + "  always @(posedge clk) begin\n"
                        + "    if (rst) begin head = 0; size = 0; end\n    else begin\n"
                        + "      pop = size > 0 && out_ready;\n      push = size < " + depth + " && in_valid;\n"
                        + "      if (pop) begin head = (head + 1) % " + depth + "; size = size - 1; end\n"
                        + "      if (push) begin store[(head + size) % " + depth + "] = in_data; size = size + 1; end\n    end\n"
                        + "    ready_r <= size < " + depth + ";\n    valid_r <= size > 0;\n    count_r <= size;\n"
                        + "    data_r <= size > 0 ? store[head] : 0;\n  end\n"
                        + "  assign in_ready = ready_r;\n  assign out_valid = valid_r;\n  assign count = count_r;\n  assign out_data = data_r;\n";
            }
            default -> throw new BadInputException(c.name() + " (" + c.typeName() + c.origin() + "): no Verilog template for "
                    + c.typeName() + " yet; the exporter covers the datapath and quantizer components");
        }
    }

    private static String elementDecoder(ElementDecoder d) {
        int wc = d.port("code").type().width();
        int wv = d.port("value").type().width();
        int wm = d.port("magnitude").type().width();
        int wsig = d.port("significand").type().width();
        int wsh = d.port("shift").type().width();
        StringBuilder e = new StringBuilder();
        e.append("    reg [" + (wv - 1) + ":0] v;\n    reg [" + (wsig - 1) + ":0] sig;\n    reg [" + (wsh - 1) + ":0] sh;\n    reg bad;\n");
        if (wc <= 10) {
            e.append("    always @* case (" + lane("code", wc) + ")\n");
            for (int code = 0; code < 1 << wc; code++) {
                ElementDecoder.Decoded x = d.decode(code);
                e.append("      ").append(code).append(": begin v = ").append(literal(wv, x.value())).append("; sig = ")
                        .append(x.significand()).append("; sh = ").append(x.shift()).append("; bad = ").append(x.invalid() ? 1 : 0)
                        .append("; end\n");
            }
            e.append("      default: begin v = 0; sig = 0; sh = 0; bad = 0; end\n    endcase\n");
        } else {
            // a minifloat too wide for a table (FP16): hidden bit, shift = max(e - 1, 0), e all ones is NaN/Inf
            int mant = d.port("significand").type().width() - 1;
            int ebits = wc - 1 - mant;
            e.append("    wire [" + (wc - 1) + ":0] c = " + lane("code", wc) + ";\n")
                    .append("    wire [" + (ebits - 1) + ":0] ex = c[" + (wc - 2) + ":" + mant + "];\n")
                    .append("    wire [" + (mant - 1) + ":0] mt = c[" + (mant - 1) + ":0];\n")
                    .append("    always @* begin\n      bad = &ex;\n      sig = bad ? 0 : (ex == 0 ? {1'b0, mt} : {1'b1, mt});\n")
                    .append("      sh = (bad || ex == 0) ? 0 : ex - 1;\n")
                    .append("      v = c[" + (wc - 1) + "] ? -(" + extend("sig", null, wsig, wv, false) + " << sh) : ("
                            + extend("sig", null, wsig, wv, false) + " << sh);\n    end\n");
        }
        e.append("    assign " + lane("value", wv) + " = v;\n    assign sign[l] = v[" + (wv - 1) + "];\n")
                .append("    assign " + lane("magnitude", wm) + " = v[" + (wv - 1) + "] ? -v : v;\n")
                .append("    assign " + lane("significand", wsig) + " = sig;\n    assign " + lane("shift", wsh) + " = sh;\n")
                .append("    assign invalid[l] = bad;\n");
        return forLanes(d.port("code").lanes(), e.toString());
    }

    private static String accumulator(BlockAccumulator a) {
        AccumulatorSpec spec = a.spec();
        int wp = a.port("p").type().width();
        int we = a.port("exponent").type().width();
        int terms = a.port("p").lanes();
        StringBuilder e = new StringBuilder();
        if (spec.kind() == AccumulatorSpec.Kind.FP32) {
            e.append(Fp32Verilog.FUNCTIONS);
            e.append("  reg [31:0] acc_r, next;\n  integer t;\n  initial acc_r = 0;\n")
                    .append("  always @* begin\n    next = clear ? 32'd0 : acc_r;\n")
                    .append("    for (t = 0; t < " + terms + "; t = t + 1)\n")
                    .append("      next = fp32_add(next, scaled_to_fp32(" + extend("p", "t", wp, 128, true) + ", "
                            + extend("exponent", "t", we, 16, true) + "));\n  end\n")
                    .append("  always @(posedge clk)\n    if (rst) acc_r <= 0;\n    else if (valid) acc_r <= next;\n    else if (clear) acc_r <= 0;\n")
                    .append("  assign acc = acc_r;\n");
            return e.toString();
        }
        int width = spec.width();
        int f = spec.fractionBits();
        int wide = 256 + 64;
        e.append("  localparam W = " + wide + ";\n")
                .append("  reg signed [" + (width - 1) + ":0] acc_r;\n  reg signed [" + (wide - 1) + ":0] sum, aligned;\n")
                .append("  reg signed [15:0] shift;\n  integer t;\n  initial acc_r = 0;\n")
                .append("  always @* begin\n    sum = clear ? 0 : " + extend("acc_r", null, width, wide, true) + ";\n")
                .append("    for (t = 0; t < " + terms + "; t = t + 1) begin\n")
                .append("      shift = $signed(" + extend("exponent", "t", we, 16, true) + ") + " + f + ";\n")
                .append("      aligned = $signed(" + extend("p", "t", wp, wide, true) + ");\n")
                .append("      aligned = shift >= 0 ? aligned <<< shift : aligned >>> (-shift);\n")
                .append("      sum = sum + aligned;\n")
                .append("      if (sum > $signed({{" + (wide - width + 1) + "{1'b0}}, {" + (width - 1) + "{1'b1}}})"
                        + " || sum < -$signed({{" + (wide - width) + "{1'b0}}, 1'b1, {" + (width - 1) + "{1'b0}}}))\n")
                .append(spec.wrap() ? "        sum = $signed(sum[" + (width - 1) + ":0]);\n"
                        : "        sum = sum[" + (wide - 1) + "] ? -$signed({{" + (wide - width) + "{1'b0}}, 1'b1, {" + (width - 1) + "{1'b0}}})"
                        + " : $signed({{" + (wide - width + 1) + "{1'b0}}, {" + (width - 1) + "{1'b1}}});\n")
                .append("    end\n  end\n")
                .append("  always @(posedge clk)\n    if (rst) acc_r <= 0;\n    else if (valid) acc_r <= sum[" + (width - 1) + ":0];\n"
                        + "    else if (clear) acc_r <= 0;\n")
                .append("  assign acc = acc_r;\n");
        return e.toString();
    }
}
