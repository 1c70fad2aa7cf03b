package dev.bdsim.kernel;

import dev.bdsim.kernel.Port.Direction;
import dev.bdsim.kernel.Port.Timing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event-driven, clocked simulation of a {@link Circuit}.
 *
 * <p>Signal values live in primitive arrays indexed by net id. Writing a net that changes schedules
 * only the components that read it combinationally; pending components are evaluated in
 * levelised (topological) order, so acyclic logic settles in one delta cycle. At the clock edge
 * every enabled sequential component samples, then all commit; the cycle counter advances.
 */
public final class Simulator {
    /** Delta cycles allowed for logic to settle before it is reported as oscillating. */
    public static final int DELTA_LIMIT = 1000;

    /**
     * How the circuit is evaluated. {@code EVENT}: this class's generic scheduler, every component's
     * behaviour called through its methods. {@code COMPILED}: a class generated for the circuit
     * ({@link CompiledEngine}) with the same schedule, results and activity, faster; it applies to
     * circuits without combinational loops when the JDK's compiler is present.
     */
    public enum Engine {
        EVENT, COMPILED,
        /** The compiled engine without activity: outputs only, for functional checks; {@link Simulator#activity()} refuses. */
        FUNCTIONAL;

        /**
         * Circuits up to this many components run compiled by default; larger ones (an accelerator's thousand) on
         * the event kernel, since their generated class costs more to compile and warm up than it saves on the
         * runs this tool makes (measured: README "Engines").
         */
        public static final int COMPILED_BY_DEFAULT_UP_TO = 512;

        /**
         * The engine for a new simulator of {@code circuit}: {@code -Dbdsim.engine=event|compiled|functional}, or when
         * unset compiled for circuits of at most {@link #COMPILED_BY_DEFAULT_UP_TO} components and event for larger ones.
         */
        public static Engine configured(Circuit circuit) {
            String name = System.getProperty(PROPERTY);
            if (name == null) {
                return circuit.components().size() <= COMPILED_BY_DEFAULT_UP_TO ? COMPILED : EVENT;
            }
            for (Engine e : values()) {
                if (e.name().equalsIgnoreCase(name)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + name + ": the engines are event, compiled and functional");
        }

        public static final String PROPERTY = "bdsim.engine";
    }

    private final Circuit circuit;
    final long[] lo;
    final long[] hi;
    private final long[] mask;
    private final long[] highMask;
    private final int[] shift;
    private final boolean[] signed;
    private final boolean[] wide;
    final long[] toggles;
    private final boolean[] driven;

    final int[] fanStart;
    final int[] fanout;
    /** Per net, when it has readers and their pending bits share one word: that word (else -1) and their bits in it. */
    final int[] readerWord;
    final long[] readerBits;
    final Component[] comb;
    final long[] pending;

    final Component[] seq;
    final int[] enableNet;
    private final int[] committing;
    private final int resetNet;
    final Component[] all;

    private final List<CycleObserver> observers = new ArrayList<>();
    private final CompiledEngine.Evaluation compiled;
    private final boolean recordsActivity;
    long cycle;
    long events;

    /** Called once per cycle after the logic settled, before the clock edge. */
    public interface CycleObserver {
        void settled(Simulator sim, long cycle);
    }

    public Simulator(Circuit circuit) {
        this(circuit, Engine.configured(circuit));
    }

    public Simulator(Circuit circuit, Engine engine) {
        this.circuit = circuit;
        all = circuit.components().toArray(new Component[0]);
        Map<Integer, Long> defaults = circuit.constantNets();
        int nets = circuit.netCount();
        lo = new long[nets];
        hi = new long[nets];
        mask = new long[nets];
        highMask = new long[nets];
        shift = new int[nets];
        signed = new boolean[nets];
        wide = new boolean[nets];
        toggles = new long[nets];
        driven = new boolean[nets];
        for (int n = 0; n < nets; n++) {
            SignalType t = circuit.netType(n);
            signed[n] = t.signed();
            wide[n] = t.wide();
            shift[n] = t.wide() ? 0 : 64 - t.width();
            mask[n] = t.width() >= 64 ? -1L : (1L << t.width()) - 1;
            highMask[n] = t.wide() ? (t.width() == 128 ? -1L : (1L << (t.width() - 64)) - 1) : 0;
        }
        for (Component c : all) {
            for (Port p : c.ports()) {
                for (int lane = 0; lane < p.lanes(); lane++) {
                    int n = p.nets[lane];
                    if (n < 0 && p == c.clockEnablePort()) {
                        continue; // an unconnected clock enable is always on
                    }
                    if (n < 0) {
                        throw new IllegalStateException("unconnected input " + p + " lane " + lane
                                + (p.optional() ? "; bind optional inputs to their defaults with Circuit.bindDefaults() first" : ""));
                    }
                    if (p.direction() == Direction.OUT) {
                        if (driven[n]) {
                            throw new IllegalStateException("net " + circuit.netName(n) + " has more than one driver (" + p + ")");
                        }
                        driven[n] = true;
                    }
                }
            }
        }

        comb = levelise(all, circuit);
        for (int i = 0; i < comb.length; i++) {
            comb[i].combIndex = i;
        }
        pending = new long[(comb.length + 63) >>> 6];
        int[] fanCount = new int[nets + 1];
        for (Component c : comb) {
            for (int n : combinationalInputNets(c)) {
                fanCount[n + 1]++;
            }
        }
        fanStart = new int[nets + 1];
        for (int n = 0; n < nets; n++) {
            fanStart[n + 1] = fanStart[n] + fanCount[n + 1];
        }
        fanout = new int[fanStart[nets]];
        int[] fill = Arrays.copyOf(fanStart, nets);
        for (Component c : comb) {
            for (int n : combinationalInputNets(c)) {
                fanout[fill[n]++] = c.combIndex;
            }
        }

        readerWord = new int[nets];
        readerBits = new long[nets];
        for (int n = 0; n < nets; n++) {
            int word = -1;
            long bits = 0;
            for (int i = fanStart[n]; i < fanStart[n + 1]; i++) {
                int c = fanout[i];
                if (word >= 0 && c >>> 6 != word) {
                    word = -2;
                    break;
                }
                word = c >>> 6;
                bits |= 1L << c;
            }
            // no readers: nothing to mark in word 0; readers in several words: -1, the loop over them
            readerWord[n] = word == -1 ? (pending.length > 0 ? 0 : -1) : word == -2 ? -1 : word;
            readerBits[n] = bits;
        }

        seq = Arrays.stream(all).filter(Component::isSequential).toArray(Component[]::new);
        enableNet = new int[seq.length];
        for (int i = 0; i < seq.length; i++) {
            Port en = seq[i].clockEnablePort();
            enableNet[i] = en == null ? -1 : en.nets[0];
        }
        committing = new int[seq.length];
        resetNet = circuit.resetNet();

        for (Component c : all) {
            c.sim = this;
            c.lo = lo;
            c.hi = hi;
        }
        compiled = engine != Engine.EVENT && !circuit.loopsAllowed() ? CompiledEngine.compile(this, engine == Engine.COMPILED) : null;
        recordsActivity = compiled == null || engine == Engine.COMPILED;
        defaults.forEach((net, value) -> {
            write(net, value);
            driven[net] = true;
        });
        powerOn();
    }

    /**
     * The schedule of a circuit: its components with a combinational part in levelised order, each
     * after those feeding it. A combinational loop is an error unless the circuit allows loops.
     */
    public static List<Component> schedule(Circuit circuit) {
        return List.of(levelise(circuit.components().toArray(new Component[0]), circuit));
    }

    private static int[] combinationalInputNets(Component c) {
        return c.ports().stream()
                .filter(p -> p.isInput() && p.timing() == Timing.COMBINATIONAL)
                .flatMapToInt(p -> Arrays.stream(p.nets).filter(n -> n >= 0))
                .distinct().toArray();
    }

    /**
     * Orders the components that have a combinational part so that every component comes after
     * those feeding it (Tarjan's strongly connected components, iteratively). A component on a
     * loop is an error unless the circuit allows loops.
     */
    private static Component[] levelise(Component[] all, Circuit circuit) {
        Component[] nodes = Arrays.stream(all).filter(Component::hasCombinationalPart).toArray(Component[]::new);
        Map<Component, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < nodes.length; i++) {
            index.put(nodes[i], i);
        }
        List<List<Integer>> readersOfNet = new ArrayList<>();
        for (int n = 0; n < circuit.netCount(); n++) {
            readersOfNet.add(new ArrayList<>());
        }
        for (int i = 0; i < nodes.length; i++) {
            for (int n : combinationalInputNets(nodes[i])) {
                readersOfNet.get(n).add(i);
            }
        }
        int[][] succ = new int[nodes.length][];
        for (int i = 0; i < nodes.length; i++) {
            List<Integer> s = new ArrayList<>();
            for (Port p : nodes[i].ports()) {
                if (p.direction() == Direction.OUT && p.timing() == Timing.COMBINATIONAL) {
                    for (int n : p.nets) {
                        s.addAll(readersOfNet.get(n));
                    }
                }
            }
            succ[i] = s.stream().mapToInt(Integer::intValue).distinct().toArray();
        }

        int[] order = new int[nodes.length];
        int[] low = new int[nodes.length];
        int[] num = new int[nodes.length];
        Arrays.fill(num, -1);
        boolean[] onStack = new boolean[nodes.length];
        int[] stack = new int[nodes.length];
        int[] callNode = new int[nodes.length];
        int[] callEdge = new int[nodes.length];
        int sp = 0;
        int counter = 0;
        int emitted = nodes.length;
        for (int root = 0; root < nodes.length; root++) {
            if (num[root] >= 0) {
                continue;
            }
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = 0;
            num[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callNode[depth];
                if (callEdge[depth] < succ[v].length) {
                    int w = succ[v][callEdge[depth]++];
                    if (num[w] < 0) {
                        num[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = 0;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], num[w]);
                    }
                    continue;
                }
                if (low[v] == num[v]) {
                    List<Integer> component = new ArrayList<>();
                    int w;
                    do {
                        w = stack[--sp];
                        onStack[w] = false;
                        component.add(w);
                    } while (w != v);
                    boolean selfLoop = Arrays.stream(succ[v]).anyMatch(x -> x == v);
                    if ((component.size() > 1 || selfLoop) && !circuit.loopsAllowed()) {
                        throw new CombinationalLoopException(loopPath(component, succ, nodes));
                    }
                    // SCCs complete in reverse topological order: fill the order from the back.
                    for (int k = 0; k < component.size(); k++) {
                        order[--emitted] = component.get(k);
                    }
                }
                depth--;
                if (depth >= 0) {
                    int parent = callNode[depth];
                    low[parent] = Math.min(low[parent], low[v]);
                }
            }
        }
        Component[] result = new Component[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            result[i] = nodes[order[i]];
        }
        return result;
    }

    /** One cycle inside a strongly connected component, as a path of components. */
    private static List<Component> loopPath(List<Integer> scc, int[][] succ, Component[] nodes) {
        java.util.Set<Integer> members = new java.util.HashSet<>(scc);
        int start = scc.stream().min(Integer::compare).orElseThrow();
        List<Integer> path = new ArrayList<>();
        Map<Integer, Integer> seenAt = new java.util.HashMap<>();
        int v = start;
        while (!seenAt.containsKey(v)) {
            seenAt.put(v, path.size());
            path.add(v);
            int next = -1;
            for (int w : succ[v]) {
                if (members.contains(w)) {
                    next = w;
                    break;
                }
            }
            v = next;
        }
        return path.subList(seenAt.get(v), path.size()).stream().map(i -> nodes[i]).toList();
    }

    private void powerOn() {
        for (Component c : seq) {
            c.reset();
            c.commit();
        }
        for (Component c : comb) {
            markPending(c.combIndex);
        }
        settle();
        Arrays.fill(toggles, 0);
        for (Component c : all) {
            Arrays.fill(c.actionCounts, 0);
            c.stateToggles = 0;
            c.activeCycles = 0;
            c.lastActiveCycle = -1;
        }
        events = 0;
    }

    // ---- the hot path ----

    void write(int n, long value) {
        if (wide[n]) {
            writeWide(n, value, signed[n] ? value >> 63 : 0);
            return;
        }
        int s = shift[n];
        long v = signed[n] ? (value << s) >> s : (value << s) >>> s;
        long old = lo[n];
        if (v != old) {
            lo[n] = v;
            hi[n] = signed[n] ? v >> 63 : 0;
            toggles[n] += Long.bitCount((v ^ old) & mask[n]);
            changed(n);
        }
    }

    void writeWide(int n, long low, long high) {
        if (!wide[n]) {
            write(n, low);
            return;
        }
        int s = 64 - Long.bitCount(highMask[n]);
        long h = signed[n] ? (high << s) >> s : (high << s) >>> s;
        long oldLo = lo[n];
        long oldHi = hi[n];
        if (low != oldLo || h != oldHi) {
            lo[n] = low;
            hi[n] = h;
            toggles[n] += Long.bitCount(low ^ oldLo) + Long.bitCount((h ^ oldHi) & highMask[n]);
            changed(n);
        }
    }

    private void changed(int n) {
        events++;
        int word = readerWord[n];
        if (word >= 0) {
            pending[word] |= readerBits[n];
            return;
        }
        markReaders(n);
    }

    /** Marks every reader of a changed net pending, whatever words their bits are in. */
    void markReaders(int n) {
        for (int i = fanStart[n], end = fanStart[n + 1]; i < end; i++) {
            int c = fanout[i];
            pending[c >>> 6] |= 1L << c;
        }
    }

    private void markPending(int c) {
        pending[c >>> 6] |= 1L << c;
    }

    /** Evaluates pending combinational logic until nothing changes. */
    public void settle() {
        if (compiled != null) {
            if (anyPending()) {
                compiled.settle(); // levelised and loop-free: one pass settles everything
            }
            return;
        }
        int deltas = 0;
        while (anyPending()) {
            if (++deltas > DELTA_LIMIT) {
                throw new OscillationException(cycle, DELTA_LIMIT, pendingNames());
            }
            // one pass in levelised order; a component marked behind the pass (only on a loop) waits for the next
            for (int w = 0; w < pending.length; w++) {
                int from = 0;
                while (from < 64) {
                    long bits = pending[w] & (-1L << from);
                    if (bits == 0) {
                        break;
                    }
                    int b = Long.numberOfTrailingZeros(bits);
                    pending[w] &= ~(1L << b);
                    from = b + 1;
                    Component c = comb[(w << 6) + b];
                    if (c.lastActiveCycle != cycle) {
                        c.lastActiveCycle = cycle;
                        c.activeCycles++;
                    }
                    events++;
                    c.evaluate();
                }
            }
        }
    }

    private boolean anyPending() {
        for (long word : pending) {
            if (word != 0) {
                return true;
            }
        }
        return false;
    }

    private String pendingNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < comb.length && names.size() < 8; i++) {
            if ((pending[i >>> 6] & (1L << i)) != 0) {
                names.add(comb[i].name() + (comb[i].origin().isEmpty() ? "" : " at " + comb[i].origin()));
            }
        }
        return String.join(", ", names);
    }

    /** The clock edge: every enabled sequential component samples, then all commit. */
    private void edge() {
        boolean inReset = resetNet >= 0 && lo[resetNet] != 0;
        if (compiled != null) {
            compiled.edge(inReset);
            return;
        }
        int k = 0;
        for (int i = 0; i < seq.length; i++) {
            Component s = seq[i];
            if (inReset) {
                s.reset();
            } else {
                int en = enableNet[i];
                if (en >= 0 && lo[en] == 0) {
                    continue;
                }
                s.sample();
            }
            if (s.lastActiveCycle != cycle) {
                s.lastActiveCycle = cycle;
                s.activeCycles++;
            }
            events++;
            committing[k++] = i;
        }
        for (int j = 0; j < k; j++) {
            Component s = seq[committing[j]];
            s.commit();
            if (s.combIndex >= 0) {
                markPending(s.combIndex);
            }
        }
    }

    /** One clock cycle: settle, let observers look, clock edge. */
    public void tick() {
        settle();
        for (CycleObserver o : observers) {
            o.settled(this, cycle);
        }
        edge();
        cycle++;
    }

    public void run(long cycles) {
        for (long i = 0; i < cycles; i++) {
            tick();
        }
    }

    // ---- outside access ----

    /** Drives a net from outside (a top-level input); it must have no driver inside the circuit. */
    public void set(int net, long value) {
        checkExternal(net);
        write(net, value);
    }

    /**
     * A top-level input of many lanes, checked once, then driven every cycle with {@link Input#set}:
     * as {@link #set(int, long)} for each lane, without the per-lane lookups.
     */
    public Input input(int[] nets) {
        for (int n : nets) {
            checkExternal(n);
        }
        return new Input(nets.clone());
    }

    /** See {@link #input}. */
    public final class Input {
        private final int[] nets;
        /** When every lane is narrow, of one type, and its readers' pending bits are in one word: that word (else -1) and their bits. */
        private final int word;
        private final long[] bits;
        private final int laneShift;
        private final boolean signedLanes;
        private final long laneMask;

        private Input(int[] nets) {
            this.nets = nets;
            int n0 = nets.length > 0 ? nets[0] : -1;
            boolean uniform = n0 >= 0;
            bits = new long[nets.length];
            for (int i = 0; i < nets.length && uniform; i++) {
                int n = nets[i];
                uniform = !wide[n] && shift[n] == shift[n0] && signed[n] == signed[n0] && readerWord[n] >= 0 && readerWord[n] == readerWord[n0];
                bits[i] = readerBits[n];
            }
            word = uniform ? readerWord[n0] : -1;
            laneShift = uniform ? shift[n0] : 0;
            signedLanes = uniform && signed[n0];
            laneMask = uniform ? mask[n0] : 0;
        }

        public void set(long[] values) {
            if (word < 0) {
                for (int i = 0; i < nets.length; i++) {
                    write(nets[i], values[i]);
                }
                return;
            }
            int s = laneShift;
            long marks = 0;
            long changes = 0;
            for (int i = 0; i < nets.length; i++) {
                int n = nets[i];
                long v = signedLanes ? (values[i] << s) >> s : (values[i] << s) >>> s;
                long x = v ^ lo[n];
                lo[n] = v;
                hi[n] = signedLanes ? v >> 63 : 0;
                toggles[n] += Long.bitCount(x & laneMask);
                long changed = (x | -x) >>> 63;
                changes += changed;
                marks |= bits[i] & -changed;
            }
            events += changes;
            pending[word] |= marks;
        }
    }

    public void setWide(int net, long low, long high) {
        checkExternal(net);
        writeWide(net, low, high);
    }

    private void checkExternal(int net) {
        if (driven[net]) {
            throw new IllegalArgumentException("net " + circuit.netName(net) + " is driven inside the circuit");
        }
    }

    /** The value of a net after settling pending logic (sign-extended if signed; low 64 bits if wide). */
    public long get(int net) {
        settle();
        return lo[net];
    }

    public BigInteger value(int net) {
        settle();
        return valueNow(net);
    }

    /** The stored value without settling; for observers, which run on settled logic. */
    public BigInteger valueNow(int net) {
        if (!wide[net]) {
            return signed[net] ? BigInteger.valueOf(lo[net]) : new BigInteger(Long.toUnsignedString(lo[net]));
        }
        BigInteger high = BigInteger.valueOf(hi[net]).shiftLeft(64);
        return high.add(new BigInteger(Long.toUnsignedString(lo[net])));
    }

    /** The raw bits of a net (two's complement, width bits): low and high word. */
    public long bitsLow(int net) {
        return lo[net] & mask[net];
    }

    public long bitsHigh(int net) {
        return hi[net] & highMask[net];
    }

    public Circuit circuit() {
        return circuit;
    }

    /** The engine this simulator runs on: the one asked for, or {@code EVENT} where the compiled one does not apply. */
    public Engine engine() {
        return compiled == null ? Engine.EVENT : recordsActivity ? Engine.COMPILED : Engine.FUNCTIONAL;
    }

    public void addObserver(CycleObserver observer) {
        observers.add(observer);
    }

    /** Completed clock cycles. */
    public long cycle() {
        return cycle;
    }

    /** Signal changes plus component evaluations so far. */
    public long events() {
        return events;
    }

    public long toggles(int net) {
        return toggles[net];
    }

    public List<Activity> activity() {
        if (!recordsActivity) {
            throw new IllegalStateException("this simulator runs the functional engine, which records no activity");
        }
        List<Activity> result = new ArrayList<>(all.length);
        for (Component c : all) {
            Map<String, Long> actions = new LinkedHashMap<>();
            for (int a = 0; a < c.actions().size(); a++) {
                actions.put(c.actions().get(a), c.actionCounts[a]);
            }
            long inToggles = 0;
            long outToggles = 0;
            for (Port p : c.ports()) {
                for (int n : p.nets) {
                    if (p.direction() == Direction.OUT) {
                        outToggles += toggles[n];
                    } else if (n >= 0) {
                        inToggles += toggles[n];
                    }
                }
            }
            // a component evaluated since the last edge is active in the cycle still under way
            long active = c.activeCycles - (c.lastActiveCycle == cycle ? 1 : 0);
            result.add(new Activity(c.name(), c.typeName(), c.isWiring(), active, cycle - active,
                    java.util.Collections.unmodifiableMap(actions), inToggles, outToggles, c.stateToggles));
        }
        return result;
    }
}
