package dev.bdsim.lib;

import dev.bdsim.kernel.Emitter;
import dev.bdsim.cost.Group;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;

import java.util.List;
import java.util.function.IntFunction;

/** Wiring: the concatenation of its inputs, first input in the most significant bits, lane by lane. */
public final class Concat extends Wiring {
    /** Created by expressions only, never by name. */
    public static final Kind KIND = new Kind("Concat", Group.WIRING, "",
            List.of(),
            null);

    private final Port[] in;
    private final int[] offset;
    private final Port y;
    private final int lanes;

    public Concat(String name, List<SignalType> parts, int lanes) {
        super(name);
        int total = parts.stream().mapToInt(SignalType::width).sum();
        if (total > SignalType.MAX_WIDTH) {
            throw new IllegalArgumentException("concatenation is " + total + " bits wide, the limit is " + SignalType.MAX_WIDTH);
        }
        this.lanes = lanes;
        in = new Port[parts.size()];
        offset = new int[parts.size()];
        int position = total;
        for (int i = 0; i < parts.size(); i++) {
            in[i] = input("in" + i, parts.get(i), lanes);
            position -= parts.get(i).width();
            offset[i] = position;
        }
        y = output("y", SignalType.unsigned(total), lanes);
    }

    /** The bit position of part {@code i} in the result. */
    public int offset(int i) {
        return offset[i];
    }

    @Override
    public RoutedBit source(Port out, int lane, int bit) {
        int i = 0;
        while (bit < offset[i]) {
            i++;
        }
        return RoutedBit.of(in[i], lane, bit - offset[i]);
    }

    @Override
    public Kind kind() {
        return KIND;
    }

    @Override
    protected void evaluate() {
        for (int l = 0; l < lanes; l++) {
            long low = 0;
            long high = 0;
            for (int i = 0; i < in.length; i++) {
                int w = in[i].type().width();
                long x = get(in[i], l);
                long xh = getHigh(in[i], l);
                if (w < 64) {
                    x &= (1L << w) - 1;
                    xh = 0;
                } else if (w < 128) {
                    xh &= w == 64 ? 0 : (1L << (w - 64)) - 1;
                }
                int s = offset[i];
                if (s == 0) {
                    low |= x;
                    high |= xh;
                } else if (s < 64) {
                    low |= x << s;
                    high |= (x >>> (64 - s)) | (xh << s);
                } else {
                    high |= x << (s - 64);
                }
            }
            setWide(y, l, low, high);
        }
    }

    @Override
    public String verilogExpression(int lane, IntFunction<String> net) {
        // part 0 is the most significant, as in the DSL's {a, b}
        List<String> parts = new java.util.ArrayList<>();
        for (Port p : in) {
            parts.add(net.apply(p.net(lane)));
        }
        return "{" + String.join(", ", parts) + "}";
    }

    @Override
    protected boolean emitEvaluate(Emitter e) {
        e.forLanes(lanes, () -> {
            e.line("long low = 0; long high = 0;");
            for (int i = 0; i < in.length; i++) {
                int w = in[i].type().width();
                String x = w < 64 ? "(" + e.in(in[i], "l") + " & " + ((1L << w) - 1) + "L)" : e.in(in[i], "l");
                String xh = w <= 64 ? "0L" : w < 128 ? "(" + e.inHigh(in[i], "l") + " & " + ((1L << (w - 64)) - 1) + "L)" : e.inHigh(in[i], "l");
                int s = offset[i];
                if (s == 0) {
                    e.line("low |= " + x + "; high |= " + xh + ";");
                } else if (s < 64) {
                    e.line("low |= " + x + " << " + s + "; high |= (" + x + " >>> " + (64 - s) + ") | (" + xh + " << " + s + ");");
                } else {
                    e.line("high |= " + x + " << " + (s - 64) + ";");
                }
            }
            e.writeWide(y, "l", "low", "high");
        });
        return true;
    }
}
