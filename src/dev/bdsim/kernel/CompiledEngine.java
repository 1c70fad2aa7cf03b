package dev.bdsim.kernel;

import java.io.IOException;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.janino.SimpleCompiler;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled engine: for one circuit, a Java class with the kernel's schedule written out, each
 * component's evaluation, sampling and commit inlined where its kind {@linkplain Emitter emits}
 * them (its methods called otherwise), nets, types and readers as constants; compiled in memory
 * by Janino and defined as a class of this package. Circuits of the same
 * structure share one class (cached by its source); what differs between instances (memories,
 * tables, state) is bound at construction.
 *
 * <p>The generated code keeps the kernel's semantics exactly: a combinational component runs only
 * when it is pending (an input changed), in levelised order; at the edge every enabled sequential
 * component samples, then all commit; every write detects change, counts toggles and events and
 * marks readers; activity is the kernel's, count for count.
 */
final class CompiledEngine {
    /** The generated evaluation of one circuit. */
    interface Evaluation {
        /** One pass over the pending components in levelised order (acyclic: nothing is pending after it). */
        void settle();

        /** The clock edge, as the kernel's: sample (or reset) every enabled sequential component, then commit. */
        void edge(boolean inReset);
    }

    private static final String PACKAGE = CompiledEngine.class.getPackageName();
    private static final String CLASS = "GeneratedEvaluation";
    private static final int CHUNK = 64;
    private static final Map<String, MethodHandle> CACHE = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger DEFINED = new java.util.concurrent.atomic.AtomicInteger();

    private CompiledEngine() {}

    /** The compiled evaluation of a simulator's circuit. */
    static Evaluation compile(Simulator sim, boolean activity) {
        Emitter e = new Emitter(sim, activity);
        String source = generate(sim, e, activity);
        MethodHandle constructor = CACHE.computeIfAbsent(source, CompiledEngine::define);
        try {
            return (Evaluation) constructor.invoke(sim, (Object[]) e.bindings().toArray());
        } catch (Throwable t) {
            throw new IllegalStateException("the compiled engine could not start: " + t, t);
        }
    }

    private static String generate(Simulator sim, Emitter e, boolean activity) {
        String event = activity ? " $s.events++;" : "";
        Component[] all = sim.all;
        Map<Component, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < all.length; i++) {
            index.put(all[i], i);
        }
        StringBuilder methods = new StringBuilder();
        String[] evaluate = new String[sim.comb.length];
        for (int i = 0; i < sim.comb.length; i++) {
            Component c = sim.comb[i];
            evaluate[i] = behaviour(e, methods, c, index.get(c), "evaluate", c::emitEvaluate);
        }
        String[] sample = new String[sim.seq.length];
        String[] commit = new String[sim.seq.length];
        for (int i = 0; i < sim.seq.length; i++) {
            Component c = sim.seq[i];
            sample[i] = behaviour(e, methods, c, index.get(c), "sample", c::emitSample);
            commit[i] = behaviour(e, methods, c, index.get(c), "commit", c::emitCommit);
        }

        StringBuilder settle = new StringBuilder("    public void settle() {\n        long $cyc = $s.cycle;\n");
        for (int from = 0; from < sim.comb.length; from += CHUNK) {
            StringBuilder body = new StringBuilder();
            for (int i = from; i < Math.min(sim.comb.length, from + CHUNK); i++) {
                int k = index.get(sim.comb[i]);
                String bit = Emitter.hex(1L << i);
                body.append("        if (($pd[").append(i >>> 6).append("] & ").append(bit).append(") != 0) { $pd[").append(i >>> 6)
                        .append("] &= ~").append(bit).append("; ").append(activity ? active(k) : "").append(event).append(" ").append(evaluate[i]).append(" }\n");
            }
            settle.append("        $settle").append(from / CHUNK).append("($cyc);\n");
            methods.append("    private void $settle").append(from / CHUNK).append("(long $cyc) {\n").append(body).append("    }\n");
        }
        settle.append("    }\n");

        StringBuilder edge = new StringBuilder("    public void edge(boolean $r) {\n        long $cyc = $s.cycle;\n");
        for (int from = 0; from < sim.seq.length; from += CHUNK) {
            StringBuilder sampling = new StringBuilder();
            StringBuilder committing = new StringBuilder();
            for (int i = from; i < Math.min(sim.seq.length, from + CHUNK); i++) {
                Component c = sim.seq[i];
                int k = index.get(c);
                int en = sim.enableNet[i];
                sampling.append("        if (").append(en >= 0 ? "$r || $lo[" + en + "] != 0" : "true").append(") { if ($r) $k[").append(k)
                        .append("].reset(); else { ").append(sample[i]).append(" } ").append(activity ? active(k) : "").append(event).append(" $d[").append(i)
                        .append("] = true; } else { $d[").append(i).append("] = false; }\n");
                committing.append("        if ($d[").append(i).append("]) { ").append(commit[i])
                        .append(c.combIndex >= 0 ? " $pd[" + (c.combIndex >>> 6) + "] |= " + Emitter.hex(1L << c.combIndex) + ";" : "").append(" }\n");
            }
            int chunk = from / CHUNK;
            edge.append("        $sample").append(chunk).append("($r, $cyc);\n");
            methods.append("    private void $sample").append(chunk).append("(boolean $r, long $cyc) {\n").append(sampling).append("    }\n");
            methods.append("    private void $commit").append(chunk).append("() {\n").append(committing).append("    }\n");
        }
        for (int from = 0; from < sim.seq.length; from += CHUNK) {
            edge.append("        $commit").append(from / CHUNK).append("();\n");
        }
        edge.append("    }\n");

        StringBuilder src = new StringBuilder();
        src.append("package ").append(PACKAGE).append(";\n\n");
        src.append("final class ").append(CLASS).append(" implements CompiledEngine.Evaluation {\n");
        src.append("    private final Simulator $s;\n    private final long[] $lo, $hi, $tg, $pd;\n    private final boolean[] $d;\n");
        src.append("    private final Component[] $k;\n    private final long[][] $a;\n");
        e.fields().forEach(src::append);
        src.append("\n    ").append(CLASS).append("(Simulator $sim, Object[] $bound) {\n");
        src.append("        $s = $sim;\n        $lo = $sim.lo;\n        $hi = $sim.hi;\n        $tg = $sim.toggles;\n        $pd = $sim.pending;\n");
        src.append("        $d = new boolean[").append(sim.seq.length).append("];\n");
        src.append("        $k = $sim.all;\n        $a = new long[$k.length][];\n");
        src.append("        for (int i = 0; i < $k.length; i++) {\n            $a[i] = $k[i].actionCounts;\n        }\n");
        List<Object> bindings = e.bindings();
        for (int i = 0; i < bindings.size(); i++) {
            src.append("        $b").append(i).append(" = (").append(bindings.get(i).getClass().getCanonicalName()).append(") $bound[").append(i).append("];\n");
        }
        src.append("    }\n\n").append(settle).append(edge).append(methods);
        src.append("    private void $active(int k, long cyc) {\n        Component c = $k[k];\n        if (c.lastActiveCycle != cyc) {\n")
                .append("            c.lastActiveCycle = cyc;\n            c.activeCycles++;\n        }\n    }\n}\n");
        return src.toString();
    }

    /** The call of one of a component's behaviours: its emitted code as a method of the class, or else the component's own method. */
    private static String behaviour(Emitter e, StringBuilder methods, Component c, int k, String name,
                                    java.util.function.Predicate<Emitter> emit) {
        e.begin(c, k);
        return emit.test(e) ? method(methods, "$" + name.charAt(0) + k, e.code()) : "$k[" + k + "]." + name + "();";
    }

    private static String active(int k) {
        return "$active(" + k + ", $cyc);";
    }

    private static String method(StringBuilder methods, String name, String body) {
        methods.append("    private void ").append(name).append("() {\n").append(body).append("    }\n");
        return name + "();";
    }

    private static MethodHandle define(String source) {
        // a class of its own name per design, defined beside the kernel (Janino's bytecode does not verify as a hidden class)
        String name = CLASS + DEFINED.incrementAndGet();
        SimpleCompiler javac = new SimpleCompiler();
        javac.setParentClassLoader(CompiledEngine.class.getClassLoader());
        javac.setDebuggingInformation(false, false, false);
        byte[] bytes;
        try {
            javac.cook(source.replace(CLASS, name));
            bytes = javac.getBytecodes().get(PACKAGE + "." + name);
        } catch (CompileException ex) {
            throw new IllegalStateException("the compiled engine's generated class does not compile: " + ex.getMessage(), ex);
        }
        try {
            Class<?> type = MethodHandles.lookup().defineClass(bytes);
            return MethodHandles.lookup().findConstructor(type, MethodType.methodType(void.class, Simulator.class, Object[].class))
                    .asType(MethodType.methodType(Evaluation.class, Simulator.class, Object[].class));
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("the compiled engine's generated class cannot be defined: " + ex, ex);
        }
    }
}
