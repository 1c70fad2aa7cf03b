package dev.bdsim.kernel;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a component writes to have its behaviour compiled into a circuit's generated class
 * ({@link CompiledEngine}): Java statements that read its inputs and write its outputs through
 * this emitter, so every write keeps the kernel's semantics (truncation to the net's type, change
 * detection, toggles, events, readers marked pending) with the net, its type and its readers
 * folded in as constants.
 *
 * <p>A lane is given as Java source: a literal ({@code "0"}) or a loop variable ({@code "l"}). The
 * generated class's own names all begin with {@code $}; a component's statements use any other names.
 */
public final class Emitter {
    private final Simulator sim;
    private final boolean activity;
    private final StringBuilder code = new StringBuilder();
    private final List<Object> bindings = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();
    private final Map<Object, String> bound = new IdentityHashMap<>();
    private final Map<Port, String> laneNets = new IdentityHashMap<>();
    private final Map<Port, String> laneMarks = new IdentityHashMap<>();
    private Component current;
    private int currentIndex;
    /** In a lane loop: the variable collecting the changes behind each distinct reader mark. */
    private Map<String, String> loopChanges;

    Emitter(Simulator sim, boolean activity) {
        this.sim = sim;
        this.activity = activity;
    }

    // ---- for the engine ----

    void begin(Component c, int index) {
        current = c;
        currentIndex = index;
        code.setLength(0);
    }

    String code() {
        return code.toString();
    }

    List<Object> bindings() {
        return bindings;
    }

    List<String> fields() {
        return fields;
    }

    // ---- for components ----

    /** Appends Java statements. */
    public void line(String statements) {
        code.append("        ").append(statements).append('\n');
    }

    /** The low 64 bits of one lane of an input (sign- or zero-extended to 64 bits when narrower). */
    public String in(Port p, String lane) {
        return "$lo[" + net(p, lane) + "]";
    }

    /** The upper 64 bits of one lane: the high word of a wide lane, else the extension of the low word. */
    public String inHigh(Port p, String lane) {
        SignalType t = p.type();
        if (t.wide()) {
            return "$hi[" + net(p, lane) + "]";
        }
        return t.signed() ? "(" + in(p, lane) + " >> 63)" : "0L";
    }

    /**
     * A loop over lanes {@code 0..lanes-1} in the variable {@code l}. The writes in its body are
     * branch-free; their events and reader marks are counted in the loop and applied after it.
     */
    public void forLanes(int lanes, Runnable body) {
        if (loopChanges != null) {
            throw new IllegalStateException(current + ": lane loops do not nest");
        }
        if (lanes == 1) {
            line("{ final int l = 0;");
            body.run();
            line("}");
            return;
        }
        loopChanges = new java.util.LinkedHashMap<>();
        int start = code.length();
        body.run();
        String inner = code.substring(start);
        code.setLength(start);
        StringBuilder open = new StringBuilder(activity ? "{ long $cnt = 0;" : "{");
        loopChanges.values().forEach(v -> open.append(" long ").append(v).append(" = 0;"));
        line(open.append(" for (int l = 0; l < ").append(lanes).append("; l++) {").toString());
        code.append(inner);
        StringBuilder close = new StringBuilder(activity ? "} $s.events += $cnt;" : "}");
        loopChanges.forEach((mark, v) -> close.append(" if (").append(v).append(" != 0) { ").append(mark).append("}"));
        line(close.append(" }").toString());
        loopChanges = null;
    }

    /** Writes one lane of an output, as {@code Component.set} does. */
    public void write(Port p, String lane, String value) {
        SignalType t = p.type();
        if (t.wide()) {
            line("{ long w$ = " + value + ";");
            writeWide(p, lane, "w$", t.signed() ? "(w$ >> 63)" : "0L");
            line("}");
            return;
        }
        int w = t.width();
        String normalised = w == 64 ? "(" + value + ")"
                : t.signed() ? "((" + value + ") << " + (64 - w) + " >> " + (64 - w) + ")"
                : "((" + value + ") & " + hex(t.mask()) + ")";
        String high = t.signed() ? "$hi[n$] = v$ >> 63; " : "";
        String toggles = activity ? "$tg[n$] += Long.bitCount(x$" + (w == 64 ? "" : " & " + hex(t.mask())) + "); " : "";
        String event = activity ? "$s.events++; " : "";
        String head = "{ long v$ = " + normalised + "; int n$ = " + net(p, lane) + "; ";
        if (loopChanges == null) {
            line(head + "long x$ = v$ ^ $lo[n$]; if (x$ != 0) { $lo[n$] = v$; " + high + toggles + event + mark(p, lane) + "} }");
        } else {
            line(head + "long x$ = v$ ^ $lo[n$]; $lo[n$] = v$; " + high + toggles + loopChange(p, lane) + " }");
        }
    }

    /** Writes one lane of an output from its two words, as {@code Component.setWide} does (a narrow lane takes the low word). */
    public void writeWide(Port p, String lane, String low, String high) {
        SignalType t = p.type();
        if (!t.wide()) {
            write(p, lane, low);
            return;
        }
        int s = SignalType.MAX_WIDTH - t.width();
        String h = s == 0 ? "(" + high + ")" : "((" + high + ") << " + s + (t.signed() ? " >> " : " >>> ") + s + ")";
        long highMask = t.width() == SignalType.MAX_WIDTH ? -1L : (1L << (t.width() - 64)) - 1;
        String head = "{ long l$ = " + low + "; long h$ = " + h + "; int n$ = " + net(p, lane) + "; long xl$ = l$ ^ $lo[n$]; long xh$ = h$ ^ $hi[n$]; "
                + "long x$ = xl$ | xh$; ";
        String update = "$lo[n$] = l$; $hi[n$] = h$; " + (activity ? "$tg[n$] += Long.bitCount(xl$) + Long.bitCount(xh$ & " + hex(highMask) + "); " : "");
        if (loopChanges == null) {
            line(head + "if (x$ != 0) { " + update + (activity ? "$s.events++; " : "") + mark(p, lane) + "} }");
        } else {
            line(head + update + loopChange(p, lane) + " }");
        }
    }

    /** In a lane loop: counts a change in {@code x$} (the changed bits) and records or applies its reader marks. */
    private String loopChange(Port p, String lane) {
        String mark = mark(p, lane);
        String count = activity ? "$cnt += (x$ | -x$) >>> 63;" : "";
        if (mark.isEmpty()) {
            return count;
        }
        if (mark.contains("markReaders")) {
            return count + " if (x$ != 0) { " + mark + "}";
        }
        if (mark.contains("#")) {
            // lanes whose readers differ: each lane's mark from the tables, applied when it changed
            return count + " " + mark.replace("#", lane).replace("]; ", "] & -((x$ | -x$) >>> 63); ");
        }
        String v = loopChanges.computeIfAbsent(mark, m -> "$ch" + loopChanges.size());
        return count + " " + v + " |= x$;";
    }

    /** A field of the generated class holding {@code value} (an array, or an object of a public class); the same object, the same field. */
    public String bind(Object value) {
        String name = bound.get(value);
        if (name != null) {
            return name;
        }
        Class<?> type = value.getClass();
        Class<?> element = type;
        while (element.isArray()) {
            element = element.getComponentType();
        }
        if (!element.isPrimitive() && !Modifier.isPublic(element.getModifiers())) {
            throw new IllegalArgumentException(current + ": a bound " + type.getName() + " is not public");
        }
        name = "$b" + bindings.size();
        fields.add("    private final " + type.getCanonicalName() + " " + name + ";\n");
        bindings.add(value);
        bound.put(value, name);
        return name;
    }

    /** The component itself, typed as its class, for calls to its public methods. */
    public String self() {
        return bind(current);
    }

    /** Whether the engine records activity; without it, counting statements are empty and writes only detect change. */
    public boolean recordsActivity() {
        return activity;
    }

    /** A statement counting {@code amount} of one of the component's actions. */
    public String count(int action, String amount) {
        return !activity ? "" : "$a[" + currentIndex + "][" + action + "] += " + amount + ";";
    }

    public String count(int action, long amount) {
        return count(action, Long.toString(amount) + "L");
    }

    /** A statement recording bit flips of internal state that no output shows. */
    public String stateToggles(String bits) {
        return !activity ? "" : "$k[" + currentIndex + "].stateToggles += " + bits + ";";
    }

    // ---- nets and readers ----

    private String net(Port p, String lane) {
        if (isLiteral(lane)) {
            return Integer.toString(p.nets[Integer.parseInt(lane)]);
        }
        String nets = laneNets.computeIfAbsent(p, port -> {
            int base = port.nets[0];
            for (int l = 1; l < port.lanes(); l++) {
                if (port.nets[l] != base + l) {
                    return bind(port.nets.clone()) + "[#]";
                }
            }
            return base == 0 ? "#" : "(" + base + " + #)";
        });
        return nets.replace("#", lane);
    }

    /**
     * The statement marking the readers of a lane's net pending after it changed; for a loop lane
     * whose readers differ from lane to lane, with {@code #} for the lane.
     */
    private String mark(Port p, String lane) {
        if (isLiteral(lane)) {
            return markNet(p.nets[Integer.parseInt(lane)]);
        }
        String marks = laneMarks.computeIfAbsent(p, port -> {
            String first = markNet(port.nets[0]);
            boolean same = true;
            boolean oneWord = true;
            int[] words = new int[port.lanes()];
            long[] bits = new long[port.lanes()];
            for (int l = 0; l < port.lanes(); l++) {
                int n = port.nets[l];
                same &= markNet(n).equals(first);
                boolean readers = sim.fanStart[n + 1] > sim.fanStart[n];
                oneWord &= !readers || sim.readerWord[n] >= 0;
                words[l] = readers ? sim.readerWord[n] : 0;
                bits[l] = readers ? sim.readerBits[n] : 0;
            }
            if (same) {
                return first;
            }
            if (oneWord) {
                return "$pd[" + bind(words) + "[#]] |= " + bind(bits) + "[#]; ";
            }
            return "$s.markReaders(n$); ";
        });
        return loopChanges != null ? marks : marks.replace("#", lane);
    }

    private String markNet(int n) {
        if (sim.fanStart[n + 1] == sim.fanStart[n]) {
            return "";
        }
        int word = sim.readerWord[n];
        return word >= 0 ? "$pd[" + word + "] |= " + hex(sim.readerBits[n]) + "; " : "$s.markReaders(n$); ";
    }

    private static boolean isLiteral(String lane) {
        return !lane.isEmpty() && lane.chars().allMatch(Character::isDigit);
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value) + "L";
    }
}
