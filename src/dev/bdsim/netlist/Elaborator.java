package dev.bdsim.netlist;

import dev.bdsim.BadInputException;
import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.CombinationalLoopException;
import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.Literal;
import dev.bdsim.kernel.Port;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.kernel.Simulator;
import dev.bdsim.lib.Adder;
import dev.bdsim.lib.Concat;
import dev.bdsim.lib.Constant;
import dev.bdsim.lib.Kind;
import dev.bdsim.lib.Library;
import dev.bdsim.lib.Logic;
import dev.bdsim.lib.ParamSpec;
import dev.bdsim.lib.Params;
import dev.bdsim.lib.Resize;
import dev.bdsim.lib.Slice;
import dev.bdsim.netlist.Ast.Arg;
import dev.bdsim.netlist.Ast.Alias;
import dev.bdsim.netlist.Ast.Binary;
import dev.bdsim.netlist.Ast.BundleDecl;
import dev.bdsim.netlist.Ast.FieldDecl;
import dev.bdsim.netlist.Ast.Call;
import dev.bdsim.netlist.Ast.ClockStmt;
import dev.bdsim.netlist.Ast.ConnectStmt;
import dev.bdsim.netlist.Ast.Expr;
import dev.bdsim.netlist.Ast.ForStmt;
import dev.bdsim.netlist.Ast.IfStmt;
import dev.bdsim.netlist.Ast.Index;
import dev.bdsim.netlist.Ast.InstStmt;
import dev.bdsim.netlist.Ast.IntLit;
import dev.bdsim.netlist.Ast.LetStmt;
import dev.bdsim.netlist.Ast.Member;
import dev.bdsim.netlist.Ast.ModuleDecl;
import dev.bdsim.netlist.Ast.Name;
import dev.bdsim.netlist.Ast.ParamDecl;
import dev.bdsim.netlist.Ast.PortDecl;
import dev.bdsim.netlist.Ast.Range;
import dev.bdsim.netlist.Ast.Ref;
import dev.bdsim.netlist.Ast.ResetStmt;
import dev.bdsim.netlist.Ast.SizedLit;
import dev.bdsim.netlist.Ast.Stmt;
import dev.bdsim.netlist.Ast.StrLit;
import dev.bdsim.netlist.Ast.TypeExpr;
import dev.bdsim.netlist.Ast.Unary;
import dev.bdsim.netlist.Ast.WireDecl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the modules of a netlist into one flat {@link Circuit}: evaluates parameters, creates
 * library components, flattens module instances, and joins connected signal lanes (slots) into
 * nets with a union-find. Every problem becomes a {@link NetlistException} at its place in the text.
 */
public final class Elaborator {
    static final int MAX_LANES = 65536;
    static final int MAX_DEPTH = 64;
    static final long MAX_SLOTS = 16_000_000;
    static final long MAX_ITERATIONS = 4_000_000;
    static final int MAX_INSTANCES = 1_000_000;

    private static final Set<String> FUNCTIONS = Set.of(
            "clog2", "pow2", "abs", "min", "max", "width", "lanes", "zext", "sext", "trunc", "signed", "unsigned", "bits");

    private final Map<String, ModuleDecl> modules;
    private final Map<String, BundleDecl> bundleDecls;
    private final Map<String, Bundle> fileBundles = new HashMap<>();
    private final Set<String> bundlesInProgress = new HashSet<>();
    private final Set<String> aliasesInProgress = new HashSet<>();
    private final Library library;

    private final NetBuilder nets = new NetBuilder(MAX_SLOTS);

    private final List<CompInst> components = new ArrayList<>();
    private final List<ModInst> moduleInstances = new ArrayList<>();
    private final List<ModuleScope> scopes = new ArrayList<>();
    private long iterations;

    private Elaborator(Map<String, ModuleDecl> modules, Map<String, BundleDecl> bundles, Library library) {
        this.modules = modules;
        this.bundleDecls = bundles;
        this.library = library;
    }

    // ---- what names stand for ----

    /** A signal: one slot per lane; {@code bundle} is set when its bits are a bundle's fields. */
    private record Sig(SignalType type, int[] slots, boolean array, Bundle bundle) {
        Sig(SignalType type, int[] slots, boolean array) {
            this(type, slots, array, null);
        }

        String describeType() {
            return bundle != null ? bundle.toString() : type.toString();
        }
    }

    private enum DeclKind { INPUT, OUTPUT, WIRE, RESET }

    /** What a name in a scope stands for: a signal, a constant, an instance (or an array of them), or the clock. */
    private sealed interface Symbol permits Decl, Value, CompInst, ModInst, InstArray, Clock, BundleName {
        /** The value of a reference to the name in an expression (a signal or a constant), or why it has none. */
        default Object read(Ref r) {
            throw new NetlistException(r.pos(), r.name() + " is an instance; read one of its ports (" + r.name() + ".port)");
        }

        /** Why the name cannot be the target of a connection. */
        default String whyNotDrivable(String name) {
            return name + " is an instance; connect to one of its ports (" + name + ".port)";
        }
    }

    private record Decl(DeclKind kind, String name, Sig sig, Pos pos) implements Symbol {
        @Override
        public Object read(Ref r) {
            return sig;
        }
    }

    /** A parameter, a let or a loop variable: an integer (Long) or a string. */
    private record Value(Object value) implements Symbol {
        @Override
        public Object read(Ref r) {
            return value;
        }

        @Override
        public String whyNotDrivable(String name) {
            return name + " is a constant and cannot be driven";
        }
    }

    private record CompInst(String name, Component component, Map<String, Sig> ports, Pos pos, ModuleScope owner) implements Symbol {
    }

    private record ModInst(String name, ModuleScope module, Pos pos) implements Symbol {
    }

    private record InstArray(String name, List<Symbol> items, Pos pos) implements Symbol {
    }

    private record Clock(String name, Pos pos) implements Symbol {
        @Override
        public Object read(Ref r) {
            throw new NetlistException(r.pos(), r.name() + " is the clock, not a signal; registers use it implicitly");
        }

        @Override
        public String whyNotDrivable(String name) {
            return name + " is the clock; it drives every register implicitly";
        }
    }

    private record BundleName(Bundle bundle, Pos pos) implements Symbol {
        @Override
        public Object read(Ref r) {
            throw new NetlistException(r.pos(), r.name() + " is a bundle type; make a value of it with " + r.name() + "(...)");
        }

        @Override
        public String whyNotDrivable(String name) {
            return name + " is a bundle type, not a signal";
        }
    }

    /** Connections run after the whole module body is declared, so they may name later declarations. */
    private record PendingConnection(ConnectStmt statement, Scope scope) {
    }

    private static final class ModuleScope {
        final ModuleDecl decl;
        final List<String> path;
        final int depth;
        final Map<String, Decl> ports = new LinkedHashMap<>();
        final List<Decl> signals = new ArrayList<>();
        final Map<String, Object> params = new LinkedHashMap<>();
        final List<PendingConnection> connections = new ArrayList<>();
        /** The module's name as the user wrote it: an alias's name for a module elaborated through it. */
        String title;
        Clock clock;
        Decl reset;
        Pos firstClocked;
        String firstClockedName;
        Pos needsReset;
        String needsResetName;
        int generated;

        ModuleScope(ModuleDecl decl, List<String> path, int depth) {
            this.decl = decl;
            this.path = path;
            this.depth = depth;
            this.title = decl.name();
        }

        String qualify(String name) {
            return path.size() <= 1 ? name : String.join(".", path.subList(1, path.size())) + "." + name;
        }
    }

    private static final class Scope {
        final ModuleScope module;
        final Scope parent;
        final String suffix;
        final Map<String, Symbol> symbols = new HashMap<>();
        final Map<String, Pos> declaredAt = new HashMap<>();

        Scope(ModuleScope module, Scope parent, String suffix) {
            this.module = module;
            this.parent = parent;
            this.suffix = suffix;
        }

        Symbol lookup(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Symbol o = s.symbols.get(name);
                if (o != null) {
                    return o;
                }
            }
            return null;
        }

        Pos declaredAt(String name) {
            for (Scope s = this; s != null; s = s.parent) {
                Pos p = s.declaredAt.get(name);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }

        void declare(String name, Symbol value, Pos pos) {
            Pos earlier = declaredAt(name);
            if (earlier != null) {
                throw new NetlistException(pos, name + " is already declared at " + earlier);
            }
            symbols.put(name, value);
            declaredAt.put(name, pos);
        }
    }

    // ---- entry point ----

    /**
     * Elaborates module {@code top} (or, when null, the last module of the main file) with parameter
     * overrides given as text ({@code --param N=8}).
     */
    public static Netlist elaborate(Path file, String top, Map<String, String> overrides) {
        return elaborate(file, top, overrides, Library.standard());
    }

    public static Netlist elaborate(Path file, String top, Map<String, String> overrides, Library library) {
        Loader.Loaded loaded = Loader.load(file);
        return new Elaborator(loaded.modules(), loaded.bundles(), library).run(file.toString(), topDecl(file, top, loaded), overrides);
    }

    /** Names of the parameters module {@code top} (or, when null, the last module of the file) declares. */
    public static List<String> parameterNames(Path file, String top) {
        Loader.Loaded loaded = Loader.load(file);
        return parameters(topDecl(file, top, loaded), loaded.modules(), new LinkedHashSet<>()).stream().map(ParamDecl::name).toList();
    }

    /** The parameters a module takes: its own and, for an alias, those of the module it stands for that it leaves open. */
    private static List<ParamDecl> parameters(ModuleDecl decl, Map<String, ModuleDecl> modules, Set<String> seen) {
        if (decl.alias() == null) {
            return decl.params();
        }
        ModuleDecl target = aliasTarget(decl, modules, seen);
        List<ParamDecl> all = new ArrayList<>(decl.params());
        for (ParamDecl p : parameters(target, modules, seen)) {
            if (decl.alias().args().stream().noneMatch(a -> a.name().equals(p.name()))) {
                all.add(p);
            }
        }
        return all;
    }

    private List<ParamDecl> parameters(ModuleDecl decl) {
        return parameters(decl, modules, new LinkedHashSet<>());
    }

    private static ModuleDecl aliasTarget(ModuleDecl decl, Map<String, ModuleDecl> modules, Set<String> seen) {
        Alias alias = decl.alias();
        if (!seen.add(decl.name())) {
            throw new NetlistException(decl.pos(), "module " + decl.name() + " is defined through itself (" + String.join(" = ", seen) + " = " + decl.name()
                    + "); an alias names a module with a body");
        }
        ModuleDecl target = modules.get(alias.module());
        if (target == null) {
            throw new NetlistException(alias.pos(), "unknown module " + alias.module() + " (an alias names a module, not a component)"
                    + suggestion(alias.module(), modules.keySet(), List.of()));
        }
        return target;
    }

    private static ModuleDecl topDecl(Path file, String top, Loader.Loaded loaded) {
        String topName = top != null ? top : loaded.lastModuleOfMainFile();
        if (topName == null) {
            throw new NetlistException(new Pos(file.toString(), 1, 1), "no module to simulate: the file declares none");
        }
        ModuleDecl decl = loaded.modules().get(topName);
        if (decl == null) {
            throw new BadInputException(file + ": no module named " + topName + "; modules: "
                    + String.join(", ", loaded.modules().keySet()));
        }
        return decl;
    }

    private Netlist run(String file, ModuleDecl topDecl, Map<String, String> overrideText) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        List<ParamDecl> topParams = parameters(topDecl);
        overrideText.forEach((k, v) -> {
            if (topParams.stream().noneMatch(p -> p.name().equals(k))) {
                throw new BadInputException("--param " + k + "=" + v + ": module " + topDecl.name() + " has no parameter "
                        + k + (topParams.isEmpty() ? "" : "; its parameters: "
                        + topParams.stream().map(ParamDecl::name).collect(Collectors.joining(", "))));
            }
            overrides.put(k, parseOverride(v));
        });
        ModuleScope top = elaborateModule(topDecl, List.of(topDecl.name()), 0, overrides, Map.of());
        checkConnected();
        return flatten(file, top);
    }

    private static Object parseOverride(String text) {
        String t = text.trim();
        try {
            return Literal.parse(t);
        } catch (NumberFormatException e) {
            return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
        }
    }

    // ---- modules ----

    private ModuleScope elaborateModule(ModuleDecl decl, List<String> path, int depth, Map<String, Object> overrides,
                                        Map<String, Pos> overrideAt) {
        if (decl.alias() != null) {
            return elaborateAlias(decl, path, depth, overrides, overrideAt);
        }
        ModuleScope module = new ModuleScope(decl, path, depth);
        scopes.add(module);
        Scope scope = new Scope(module, null, "");
        module.params.putAll(ParameterEvaluator.evaluate(decl, overrides, overrideAt, parameterScope(scope)));
        block(decl.body(), scope);
        for (PendingConnection c : module.connections) {
            connect(c.statement(), c.scope());
        }
        if (module.firstClocked != null && module.clock == null) {
            throw new NetlistException(module.firstClocked, module.firstClockedName + " is clocked but module "
                    + decl.name() + " declares no clock: add `clock clk`");
        }
        if (module.needsReset != null && module.reset == null) {
            throw new NetlistException(module.needsReset, module.needsResetName + " has a reset but module "
                    + decl.name() + " declares none: add `reset rst`");
        }
        return module;
    }

    /**
     * {@code module A #(own) = B(P = expr)}: B elaborated with the bound parameters (evaluated over A's own) and
     * the overrides of the parameters it leaves open; the result is named A and shows A's parameters.
     */
    private ModuleScope elaborateAlias(ModuleDecl decl, List<String> path, int depth, Map<String, Object> overrides,
                                       Map<String, Pos> overrideAt) {
        Alias alias = decl.alias();
        if (!aliasesInProgress.add(decl.name())) {
            throw new NetlistException(decl.pos(), "module " + decl.name() + " is defined through itself; an alias names a module with a body");
        }
        ModuleDecl target = aliasTarget(decl, modules, new LinkedHashSet<>());
        List<ParamDecl> targetParams = parameters(target);
        List<String> open = new ArrayList<>();
        for (ParamDecl p : targetParams) {
            boolean bound = alias.args().stream().anyMatch(a -> a.name().equals(p.name()));
            if (!bound && decl.params().stream().anyMatch(q -> q.name().equals(p.name()))) {
                throw new NetlistException(p.pos(), "parameter " + p.name() + " belongs to both " + decl.name() + " and "
                        + target.name() + "; pass it on in the alias: " + p.name() + " = " + p.name());
            }
            if (!bound) {
                open.add(p.name());
            }
        }
        Map<String, Object> own = new LinkedHashMap<>();
        Map<String, Object> passed = new LinkedHashMap<>();
        Map<String, Pos> passedAt = new HashMap<>();
        overrides.forEach((k, v) -> (open.contains(k) ? passed : own).put(k, v));
        overrideAt.forEach((k, v) -> {
            if (open.contains(k)) {
                passedAt.put(k, v);
            }
        });
        ModuleScope aliasScope = new ModuleScope(decl, path, depth);
        Scope scope = new Scope(aliasScope, null, "");
        Map<String, Object> visible = new LinkedHashMap<>(ParameterEvaluator.evaluate(decl, own, overrideAt, parameterScope(scope)));
        for (Arg a : alias.args()) {
            if (targetParams.stream().noneMatch(p -> p.name().equals(a.name()))) {
                throw new NetlistException(a.pos(), "module " + target.name() + " has no parameter " + a.name());
            }
            if (passed.containsKey(a.name())) {
                throw new NetlistException(a.pos(), "parameter " + a.name() + " is given twice");
            }
            passed.put(a.name(), constant(a.value(), scope, "parameter " + a.name()));
            passedAt.put(a.name(), a.pos());
        }
        ModuleScope module = elaborateModule(target, path, depth, passed, passedAt);
        aliasesInProgress.remove(decl.name());
        for (String p : open) {
            visible.put(p, module.params.get(p));
        }
        module.title = decl.name();
        module.params.clear();
        module.params.putAll(visible);
        return module;
    }

    private ParameterEvaluator.Constants parameterScope(Scope scope) {
        return new ParameterEvaluator.Constants() {
            @Override
            public Object constant(Expr e, String what) {
                return Elaborator.this.constant(e, scope, what);
            }

            @Override
            public void declare(ParamDecl p, Object value) {
                scope.declare(p.name(), new Value(value), p.pos());
            }
        };
    }

    private void block(List<Stmt> body, Scope scope) {
        for (Stmt s : body) {
            statement(s, scope);
        }
    }

    private void statement(Stmt stmt, Scope scope) {
        ModuleScope module = scope.module;
        if (stmt instanceof ClockStmt c) {
            if (module.clock != null) {
                throw new NetlistException(c.pos(), "module " + module.decl.name() + " already has clock "
                        + module.clock.name() + " (" + module.clock.pos() + "); one clock per module");
            }
            requireModuleLevel(scope, c.pos(), "clock");
            module.clock = new Clock(c.name(), c.pos());
            scope.declare(c.name(), module.clock, c.pos());
        } else if (stmt instanceof ResetStmt r) {
            if (module.reset != null) {
                throw new NetlistException(r.pos(), "module " + module.decl.name() + " already has reset "
                        + module.reset.name());
            }
            requireModuleLevel(scope, r.pos(), "reset");
            Sig sig = newSig(SignalType.BIT, 1, false, module.qualify(r.name()), module.depth == 0 ? 0 : 1, r.pos());
            Decl d = new Decl(DeclKind.RESET, r.name(), sig, r.pos());
            if (module.depth == 0) {
                drive(sig.slots()[0], "input port " + r.name(), r.pos());
            }
            module.reset = d;
            module.ports.put(r.name(), d);
            module.signals.add(d);
            scope.declare(r.name(), d, r.pos());
        } else if (stmt instanceof PortDecl p) {
            requireModuleLevel(scope, p.pos(), "a port");
            for (Name n : p.names()) {
                Sig sig = declareSig(p.type(), scope, module.qualify(n.name()), module.depth == 0 ? 0 : 1);
                Decl d = new Decl(p.input() ? DeclKind.INPUT : DeclKind.OUTPUT, n.name(), sig, n.pos());
                if (p.input() && module.depth == 0) {
                    for (int slot : sig.slots()) {
                        drive(slot, "input port " + n.name(), n.pos());
                    }
                }
                scope.declare(n.name(), d, n.pos());
                module.ports.put(n.name(), d);
                module.signals.add(d);
            }
        } else if (stmt instanceof WireDecl w) {
            for (Name n : w.names()) {
                String name = n.name() + scope.suffix;
                Sig sig = declareSig(w.type(), scope, module.qualify(name), 1);
                Decl d = new Decl(DeclKind.WIRE, name, sig, n.pos());
                scope.declare(n.name(), d, n.pos());
                module.signals.add(d);
            }
        } else if (stmt instanceof LetStmt l) {
            scope.declare(l.name(), new Value(constant(l.value(), scope, "let " + l.name())), l.pos());
        } else if (stmt instanceof InstStmt i) {
            instance(i, scope);
        } else if (stmt instanceof ForStmt f) {
            long from = integer(f.from(), scope, "the loop start");
            long to = integer(f.to(), scope, "the loop end");
            for (long v = from; v <= to; v++) {
                if (++iterations > MAX_ITERATIONS) {
                    throw new NetlistException(f.pos(), "loops run more than " + MAX_ITERATIONS + " iterations in all");
                }
                Scope body = new Scope(module, scope, scope.suffix + "_" + v);
                body.declare(f.variable(), new Value(v), f.pos());
                block(f.body(), body);
            }
        } else if (stmt instanceof IfStmt i) {
            long condition = integer(i.condition(), scope, "the if condition");
            // only the taken branch exists: its names belong to the enclosing block and are visible after the if
            block(condition != 0 ? i.then() : i.otherwise(), scope);
        } else if (stmt instanceof ConnectStmt c) {
            module.connections.add(new PendingConnection(c, scope));
        } else if (stmt instanceof BundleDecl b) {
            BundleDecl file = bundleDecls.get(b.name());
            if (file != null) {
                throw new NetlistException(b.pos(), "bundle " + b.name() + " is already declared at " + file.pos());
            }
            scope.declare(b.name(), new BundleName(bundleOf(b, scope), b.pos()), b.pos());
        }
    }

    // ---- bundles ----

    private Bundle bundleOf(BundleDecl decl, Scope scope) {
        if (FUNCTIONS.contains(decl.name())) {
            throw new NetlistException(decl.pos(), decl.name() + " is a built-in function; choose another name for the bundle");
        }
        List<Bundle.Part> parts = new ArrayList<>();
        Map<String, Pos> seen = new HashMap<>();
        int width = 0;
        for (FieldDecl f : decl.fields()) {
            Pos earlier = seen.putIfAbsent(f.name(), f.pos());
            if (earlier != null) {
                throw new NetlistException(f.pos(), "bundle " + decl.name() + " already has a field " + f.name() + " (" + earlier + ")");
            }
            if (f.type().lanes() != null) {
                throw new NetlistException(f.type().lanes().pos(), "a bundle field has no lanes; give the signals of the bundle lanes instead ("
                        + "wire w : " + decl.name() + "[4])");
            }
            Bundle inner = f.type().bundle() == null ? null : bundle(f.type().bundle(), f.type().pos(), scope);
            SignalType type = inner != null ? inner.type() : signalType(f.type(), scope);
            width += type.width();
            if (width > SignalType.MAX_WIDTH) {
                throw new NetlistException(f.pos(), "bundle " + decl.name() + " is more than " + SignalType.MAX_WIDTH + " bits wide");
            }
            parts.add(new Bundle.Part(f.name(), type, inner));
        }
        return Bundle.of(decl.name(), parts);
    }

    /** The bundle type a name in a type or a call stands for: declared in the module (or a block of it), or at the top of a file. */
    private Bundle bundle(String name, Pos pos, Scope scope) {
        Bundle b = bundleOrNull(name, scope);
        if (b == null) {
            List<String> known = new ArrayList<>(bundleDecls.keySet());
            throw new NetlistException(pos, "unknown type " + name + "; types are u8, s24, u{N} or a bundle"
                    + suggestion(name, known, List.of()));
        }
        return b;
    }

    private Bundle bundleOrNull(String name, Scope scope) {
        if (scope.lookup(name) instanceof BundleName b) {
            return b.bundle();
        }
        BundleDecl decl = bundleDecls.get(name);
        if (decl == null) {
            return null;
        }
        Bundle known = fileBundles.get(name);
        if (known != null) {
            return known;
        }
        if (!bundlesInProgress.add(name)) {
            throw new NetlistException(decl.pos(), "bundle " + name + " contains itself");
        }
        ModuleScope none = new ModuleScope(new ModuleDecl(decl.pos(), "(file)", List.of(), List.of(),
                Path.of(decl.pos().file()), null), List.of("(file)"), 0);
        Bundle b = bundleOf(decl, new Scope(none, null, ""));
        bundlesInProgress.remove(name);
        fileBundles.put(name, b);
        return b;
    }

    /** {@code x.f}, {@code x.f.g}: the bits of a field, folded to one slice of the bundle signal. */
    private record FieldView(Sig base, int low, SignalType type, Bundle bundle) {
    }

    private FieldView fieldView(Expr e, Scope scope) {
        if (e instanceof Member m && !isInstance(m.base(), scope)) {
            FieldView of = fieldView(m.base(), scope);
            if (of.bundle() == null) {
                throw new NetlistException(m.pos(), describe(m.base()) + " is " + of.type() + ", neither an instance nor a bundle; "
                        + "'.' reads an instance's port or a bundle's field");
            }
            Bundle.Field f = of.bundle().field(m.name());
            if (f == null) {
                throw new NetlistException(m.pos(), of.bundle() + " has no field " + m.name() + "; its fields: " + of.bundle().fieldNames());
            }
            return new FieldView(of.base(), of.low() + f.low(), f.type(), f.bundle());
        }
        Object v = eval(e, scope);
        if (!(v instanceof Sig sig)) {
            throw new NetlistException(e.pos(), "only instances and bundle signals have members, not " + show(v));
        }
        return new FieldView(sig, 0, sig.type(), sig.bundle());
    }

    private Sig field(Member m, Scope scope) {
        FieldView v = fieldView(m, scope);
        Sig base = v.base();
        Sig bits = v.low() == 0 && v.type().width() == base.type().width() ? base
                : slice(base, v.low() + v.type().width() - 1, v.low(), m.pos(), scope.module);
        if (!bits.type().equals(v.type())) {
            bits = resize(bits, v.type(), false, m.pos(), scope.module);
        }
        return new Sig(bits.type(), bits.slots(), bits.array(), v.bundle());
    }

    private boolean isInstance(Expr base, Scope scope) {
        if (base instanceof Ref r) {
            Symbol o = scope.lookup(r.name());
            return o instanceof CompInst || o instanceof ModInst || o instanceof InstArray;
        }
        return base instanceof Index i && i.base() instanceof Ref r && scope.lookup(r.name()) instanceof InstArray;
    }

    /** {@code B(x)}: the bits x as bundle B; {@code B(a, b, ...)}: the bundle of its fields, one argument per field. */
    private Sig construct(Call c, Bundle b, List<Object> args, ModuleScope module) {
        boolean asBits = args.size() == 1 && (b.fields().size() > 1
                || b.fields().get(0).bundle() != null && args.get(0) instanceof Sig s && s.bundle() == null);
        if (asBits) {
            if (!(args.get(0) instanceof Sig s)) {
                throw new NetlistException(c.args().get(0).pos(), b.name() + "(x) takes the bundle's bits as a signal, got " + show(args.get(0)));
            }
            if (s.bundle() != null) {
                throw new NetlistException(c.pos(), b.name() + "(x) takes plain bits, got a " + s.bundle() + "; use bits(x) to convert");
            }
            if (s.type().width() != b.width()) {
                throw new NetlistException(c.pos(), b + " is " + b.width() + " bits (" + b.fieldNames() + "), got " + s.type()
                        + "; give one value per field, or " + b.width() + " bits");
            }
            Sig bits = s.type().signed() ? resize(s, b.type(), false, c.pos(), module) : s;
            return new Sig(b.type(), bits.slots(), bits.array(), b);
        }
        if (args.size() != b.fields().size()) {
            throw new NetlistException(c.pos(), b + " has " + b.fields().size() + " fields (" + b.fieldNames() + "), got "
                    + args.size() + " values; give one per field, or the bundle's " + b.width() + " bits");
        }
        List<Sig> parts = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            Bundle.Field f = b.fields().get(k);
            Object v = args.get(k);
            Pos at = c.args().get(k).pos();
            if (v instanceof Long l) {
                if (f.bundle() != null) {
                    throw new NetlistException(at, "field " + f.name() + " is a " + f.bundle() + "; build it with " + f.bundle().name() + "(...)");
                }
                parts.add(constantSig(l, f.type(), at, module));
                continue;
            }
            if (!(v instanceof Sig s)) {
                throw new NetlistException(at, "field " + f.name() + " of " + b + " takes a signal, got " + show(v));
            }
            if (!java.util.Objects.equals(s.bundle(), f.bundle()) || !s.type().equals(f.type())) {
                throw new NetlistException(at, "field " + f.name() + " of " + b + " is " + (f.bundle() != null ? f.bundle() : f.type())
                        + ", got " + s.describeType() + conversionHint(s, f.bundle()));
            }
            parts.add(s);
        }
        Sig packed = concat(parts, c.pos(), c.args().stream().map(Expr::pos).toList(), module);
        return new Sig(b.type(), packed.slots(), packed.array(), b);
    }

    private static String conversionHint(Sig source, Bundle target) {
        if (target != null) {
            return source.bundle() == null ? " (convert bits with " + target.name() + "(x))" : "";
        }
        return source.bundle() != null ? " (use bits(x) for its bits)"
                : " (convert with zext(x, N), sext(x, N), trunc(x, N), signed(x) or unsigned(x))";
    }

    private static void requirePlain(Object v, Pos pos, String what) {
        if (v instanceof Sig s && s.bundle() != null) {
            throw new NetlistException(pos, what + " does not apply to a " + s.bundle() + "; read one of its fields ("
                    + s.bundle().fieldNames() + ") or its bits with bits(x)");
        }
    }

    private static void requireModuleLevel(Scope scope, Pos pos, String what) {
        if (scope.parent != null) {
            throw new NetlistException(pos, what + " must be declared at the top level of a module, not inside for or if");
        }
    }

    private Sig declareSig(TypeExpr t, Scope scope, String name, int rank) {
        Bundle bundle = t.bundle() == null ? null : bundle(t.bundle(), t.pos(), scope);
        SignalType type = bundle != null ? bundle.type() : signalType(t, scope);
        int lanes = 1;
        if (t.lanes() != null) {
            long n = integer(t.lanes(), scope, "the number of lanes");
            if (n < 1 || n > MAX_LANES) {
                throw new NetlistException(t.lanes().pos(), "lanes must be 1.." + MAX_LANES + ", got " + n);
            }
            lanes = (int) n;
        }
        Sig sig = newSig(type, lanes, t.lanes() != null, name, rank, t.pos());
        return new Sig(sig.type(), sig.slots(), sig.array(), bundle);
    }

    private SignalType signalType(TypeExpr t, Scope scope) {
        long width = integer(t.width(), scope, "the width");
        if (width < 1 || width > SignalType.MAX_WIDTH) {
            throw new NetlistException(t.pos(), "width must be 1.." + SignalType.MAX_WIDTH + ", got " + width);
        }
        return new SignalType((int) width, t.signed());
    }

    // ---- instances ----

    private void instance(InstStmt inst, Scope scope) {
        ModuleScope module = scope.module;
        int count = 1;
        if (inst.count() != null) {
            long n = integer(inst.count(), scope, "the instance count");
            if (n < 1 || n > MAX_LANES) {
                throw new NetlistException(inst.count().pos(), "instance count must be 1.." + MAX_LANES + ", got " + n);
            }
            count = (int) n;
        }
        String base = inst.name() + scope.suffix;
        Map<String, Object> args = new LinkedHashMap<>();
        Map<String, Pos> argPos = new HashMap<>();
        for (Arg a : inst.args()) {
            if (args.containsKey(a.name())) {
                throw new NetlistException(a.pos(), "parameter " + a.name() + " is given twice");
            }
            args.put(a.name(), constant(a.value(), scope, "parameter " + a.name()));
            argPos.put(a.name(), a.pos());
        }
        ModuleDecl sub = modules.get(inst.type());
        Kind entry = sub == null ? library.find(inst.type()) : null;
        if (sub == null && entry == null) {
            throw new NetlistException(inst.typePos(), "unknown component or module " + inst.type()
                    + suggestion(inst.type(), library.kinds().stream().map(Kind::name).toList(), modules.keySet()));
        }
        List<Symbol> items = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            String name = inst.count() == null ? base : base + "[" + k + "]";
            items.add(sub != null ? moduleInstance(inst, sub, name, args, argPos, module)
                    : componentInstance(inst, entry, name, args, argPos, scope));
        }
        scope.declare(inst.name(), inst.count() == null ? items.get(0) : new InstArray(base, items, inst.pos()), inst.pos());
    }

    private ModInst moduleInstance(InstStmt inst, ModuleDecl sub, String name, Map<String, Object> args,
                                   Map<String, Pos> argPos, ModuleScope parent) {
        if (parent.depth + 1 > MAX_DEPTH) {
            throw new NetlistException(inst.pos(), "modules nest deeper than " + MAX_DEPTH + " levels: does "
                    + sub.name() + " instantiate itself without a parameter that ends the recursion?");
        }
        List<ParamDecl> subParams = parameters(sub);
        for (String a : args.keySet()) {
            if (subParams.stream().noneMatch(p -> p.name().equals(a))) {
                throw new NetlistException(argPos.get(a), "module " + sub.name() + " has no parameter " + a
                        + (subParams.isEmpty() ? "" : "; its parameters: "
                        + subParams.stream().map(ParamDecl::name).collect(Collectors.joining(", "))));
            }
        }
        List<String> path = new ArrayList<>(parent.path);
        path.add(name);
        checkSize(inst.pos());
        ModuleScope child = elaborateModule(sub, path, parent.depth + 1, args, argPos);
        if (child.clock != null && parent.firstClocked == null) {
            parent.firstClocked = inst.pos();
            parent.firstClockedName = name + " (" + sub.name() + ")";
        }
        if (child.reset != null) {
            if (parent.reset != null) {
                union(child.reset.sig().slots()[0], parent.reset.sig().slots()[0], inst.pos(), name + "." + child.reset.name());
            } else if (parent.needsReset == null) {
                parent.needsReset = inst.pos();
                parent.needsResetName = name + " (" + sub.name() + ")";
            }
        }
        ModInst m = new ModInst(name, child, inst.pos());
        moduleInstances.add(m);
        return m;
    }

    private CompInst componentInstance(InstStmt inst, Kind entry, String name, Map<String, Object> args,
                                       Map<String, Pos> argPos, Scope scope) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> a : args.entrySet()) {
            ParamSpec spec = entry.param(a.getKey());
            if (spec == null) {
                throw new NetlistException(argPos.get(a.getKey()), entry.name() + " has no parameter " + a.getKey()
                        + "; its parameters: " + entry.params().stream().map(ParamSpec::name).collect(Collectors.joining(", ")));
            }
            String problem = spec.check(a.getValue());
            if (problem != null) {
                throw new NetlistException(argPos.get(a.getKey()), problem + " (" + entry.name() + ")");
            }
            values.put(a.getKey(), a.getValue());
        }
        for (ParamSpec spec : entry.params()) {
            if (!values.containsKey(spec.name())) {
                if (spec.defaultValue() == null) {
                    throw new NetlistException(inst.pos(), entry.name() + " needs parameter " + spec.name()
                            + " (" + spec.range() + ": " + spec.description() + ")");
                }
                values.put(spec.name(), spec.defaultValue());
            }
        }
        ModuleScope module = scope.module;
        Component component;
        try {
            component = entry.factory().create(module.qualify(name), new Params(values, baseDir(module)));
        } catch (IllegalArgumentException | BadInputException e) {
            throw new NetlistException(inst.pos(), e.getMessage());
        }
        Integer lanes = args.get("lanes") instanceof Long l ? Math.toIntExact(l) : null;
        CompInst c = register(component, inst.pos(), module, lanes);
        if (component.isSequential() && module.firstClocked == null) {
            module.firstClocked = inst.pos();
            module.firstClockedName = name + " (" + entry.name() + ")";
        }
        return c;
    }

    private static Path baseDir(ModuleScope module) {
        Path parent = module.decl.file().toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }

    /** Adds a component, with a slot for every lane of every port. */
    /** Stops a netlist that grows past {@link #MAX_INSTANCES} (module recursion doubling at every level) before it fills the heap. */
    private void checkSize(Pos pos) {
        if (components.size() + moduleInstances.size() >= MAX_INSTANCES) {
            throw new NetlistException(pos, "netlist too large: more than " + MAX_INSTANCES + " component and module instances; "
                    + "check the recursion or the instance counts");
        }
    }

    private CompInst register(Component component, Pos pos, ModuleScope owner, Integer lanesParam) {
        checkSize(pos);
        component.setOrigin(pos.toString());
        Map<String, Sig> ports = new LinkedHashMap<>();
        for (Port p : component.ports()) {
            boolean array = p.lanes() > 1 || lanesParam != null && p.lanes() == lanesParam && !p.name().equals("en");
            Sig sig = newSig(p.type(), p.lanes(), array, component.name() + "." + p.name(), 2, pos);
            if (p.direction() == Port.Direction.OUT) {
                for (int slot : sig.slots()) {
                    drive(slot, p + " (" + component.typeName() + " at " + pos + ")", pos);
                }
            }
            ports.put(p.name(), sig);
        }
        CompInst c = new CompInst(component.name(), component, ports, pos, owner);
        components.add(c);
        return c;
    }

    private CompInst generated(Component component, Pos pos, ModuleScope owner) {
        return register(component, pos, owner, null);
    }

    private String generatedName(ModuleScope module, String kind) {
        return module.qualify("_" + kind + (module.generated++));
    }

    // ---- connections ----

    private void connect(ConnectStmt c, Scope scope) {
        for (Expr targetExpr : c.targets()) {
            Sig target = target(targetExpr, scope);
            Object value = eval(c.source(), scope);
            if (target.bundle() != null && !(value instanceof Sig)) {
                throw new NetlistException(c.source().pos(), describe(targetExpr) + " is a " + target.bundle() + "; give it a value with "
                        + target.bundle().name() + "(...), one value per field (" + target.bundle().fieldNames() + ")");
            }
            Sig source = asSignal(value, target.type(), c.source().pos(), scope.module);
            if (!java.util.Objects.equals(source.bundle(), target.bundle())) {
                throw new NetlistException(c.pos(), "type mismatch: source is " + source.describeType() + ", target "
                        + describe(targetExpr) + " is " + target.describeType() + conversionHint(source, target.bundle()));
            }
            if (!source.type().equals(target.type())) {
                throw new NetlistException(c.pos(), "width/signedness mismatch: source is " + source.type() + ", target "
                        + describe(targetExpr) + " is " + target.type()
                        + " (convert with zext(x, N), sext(x, N), trunc(x, N), signed(x) or unsigned(x))");
            }
            int n = target.slots().length;
            if (source.slots().length != n && (source.slots().length != 1 || source.array())) {
                throw new NetlistException(c.pos(), "lane mismatch: source has " + source.slots().length + " lanes, target "
                        + describe(targetExpr) + " has " + n);
            }
            for (int lane = 0; lane < n; lane++) {
                int s = source.slots()[source.slots().length == 1 ? 0 : lane];
                union(s, target.slots()[lane], c.pos(), describe(targetExpr) + (n > 1 ? "[" + lane + "]" : ""));
            }
        }
    }

    private Sig target(Expr e, Scope scope) {
        if (e instanceof Ref r) {
            Symbol o = lookup(r, scope);
            if (o instanceof Decl d) {
                if (d.kind() == DeclKind.INPUT || d.kind() == DeclKind.RESET) {
                    throw new NetlistException(r.pos(), d.name() + " is an input of module " + scope.module.decl.name()
                            + "; it cannot be driven inside it");
                }
                return d.sig();
            }
            throw new NetlistException(r.pos(), o.whyNotDrivable(r.name()));
        } else if (e instanceof Index i) {
            if (i.base() instanceof Ref || i.base() instanceof Member || i.base() instanceof Index) {
                Symbol base = i.base() instanceof Ref r ? lookup(r, scope) : null;
                if (base instanceof InstArray) {
                    throw new NetlistException(i.pos(), "name a port of the instance, e.g. " + describe(i) + ".d");
                }
                Sig sig = target(i.base(), scope);
                if (!sig.array()) {
                    throw new NetlistException(i.pos(), "cannot drive single bits of " + describe(i.base())
                            + "; build the word with a concatenation {a, b}");
                }
                int lane = laneIndex(i.index(), scope, sig.slots().length);
                return new Sig(sig.type(), new int[] {sig.slots()[lane]}, false, sig.bundle());
            }
            throw new NetlistException(e.pos(), "cannot drive an expression; the target of -> is a wire, an output port or an instance input");
        } else if (e instanceof Member m) {
            if (!isInstance(m.base(), scope)) {
                Sig whole = target(m.base(), scope);
                if (whole.bundle() != null) {
                    throw new NetlistException(m.pos(), "cannot drive field " + m.name() + " of " + describe(m.base()) + " alone; drive the whole "
                            + whole.bundle() + ": " + whole.bundle().name() + "(" + whole.bundle().fieldNames() + ") -> " + describe(m.base()));
                }
            }
            Symbol inst = instanceOf(m.base(), scope);
            if (inst instanceof CompInst c) {
                Sig sig = portOf(c, m);
                Port p = c.component().port(m.name());
                if (p.direction() == Port.Direction.OUT) {
                    throw new NetlistException(m.pos(), describe(m) + " is an output of " + c.component().typeName()
                            + "; it cannot be driven");
                }
                return sig;
            }
            ModInst mi = (ModInst) inst;
            Decl d = portOf(mi, m);
            if (d.kind() == DeclKind.OUTPUT) {
                throw new NetlistException(m.pos(), describe(m) + " is an output of module " + mi.module().decl.name()
                        + "; it cannot be driven");
            }
            if (d.kind() == DeclKind.RESET) {
                throw new NetlistException(m.pos(), describe(m) + " is the reset of " + mi.name() + "; it follows the reset of "
                        + scope.module.decl.name() + " and cannot be driven");
            }
            return d.sig();
        } else if (e instanceof Range r) {
            throw new NetlistException(r.pos(), "cannot drive a bit slice; build the word with a concatenation {a, b}");
        } else {
            throw new NetlistException(e.pos(), "cannot drive an expression; the target of -> is a wire, an output port or an instance input");
        }
    }

    private Symbol instanceOf(Expr base, Scope scope) {
        Symbol o = null;
        if (base instanceof Ref r) {
            o = lookup(r, scope);
        } else if (base instanceof Index i && i.base() instanceof Ref r && lookup(r, scope) instanceof InstArray arr) {
            o = arr.items().get(laneIndex(i.index(), scope, arr.items().size()));
        }
        if (o instanceof CompInst || o instanceof ModInst) {
            return o;
        }
        if (o instanceof InstArray arr) {
            throw new NetlistException(base.pos(), arr.name() + " is an array of " + arr.items().size()
                    + " instances; pick one, e.g. " + arr.name() + "[0]");
        }
        throw new NetlistException(base.pos(), describe(base) + " is not an instance; only instance ports are reached with '.'");
    }

    private static Sig portOf(CompInst c, Member m) {
        Sig sig = c.ports().get(m.name());
        if (sig == null) {
            throw new NetlistException(m.pos(), c.component().typeName() + " " + c.name() + " has no port " + m.name()
                    + "; its ports: " + String.join(", ", c.ports().keySet()));
        }
        return sig;
    }

    private static Decl portOf(ModInst mi, Member m) {
        Decl d = mi.module().ports.get(m.name());
        if (d == null) {
            throw new NetlistException(m.pos(), "module " + mi.module().decl.name() + " has no port " + m.name()
                    + "; its ports: " + String.join(", ", mi.module().ports.keySet()));
        }
        return d;
    }

    // ---- expressions ----

    private Symbol lookup(Ref r, Scope scope) {
        Symbol o = scope.lookup(r.name());
        if (o == null) {
            List<String> known = new ArrayList<>();
            for (Scope s = scope; s != null; s = s.parent) {
                known.addAll(s.symbols.keySet());
            }
            throw new NetlistException(r.pos(), "unknown name " + r.name() + suggestion(r.name(), known, List.of()));
        }
        return o;
    }

    private static String suggestion(String name, java.util.Collection<String> a, java.util.Collection<String> b) {
        String best = null;
        int bestDistance = name.length() >= 5 ? 3 : name.length() >= 3 ? 2 : 1;
        for (java.util.Collection<String> names : List.of(a, b)) {
            for (String n : names) {
                int d = distance(name.toLowerCase(java.util.Locale.ROOT), n.toLowerCase(java.util.Locale.ROOT));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = n;
                }
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private Object constant(Expr e, Scope scope, String what) {
        Object v = eval(e, scope);
        if (v instanceof Sig) {
            throw new NetlistException(e.pos(), what + " must be a constant, not a signal");
        }
        return v;
    }

    private long integer(Expr e, Scope scope, String what) {
        Object v = constant(e, scope, what);
        if (!(v instanceof Long l)) {
            throw new NetlistException(e.pos(), what + " must be an integer, got " + show(v));
        }
        return l;
    }

    private int laneIndex(Expr e, Scope scope, int lanes) {
        long i = integer(e, scope, "an index");
        if (i < 0 || i >= lanes) {
            throw new NetlistException(e.pos(), "index " + i + " is out of range 0.." + (lanes - 1));
        }
        return (int) i;
    }

    private static String show(Object v) {
        return ParameterEvaluator.show(v);
    }

    /** A constant (Long or String) or a signal (Sig). */
    private Object eval(Expr e, Scope scope) {
        ModuleScope module = scope.module;
        if (e instanceof IntLit i) {
            return i.value();
        } else if (e instanceof StrLit s) {
            return s.value();
        } else if (e instanceof SizedLit s) {
            return constantSig(s.value(), SignalType.unsigned(s.width()), s.pos(), module);
        } else if (e instanceof Ref r) {
            return lookup(r, scope).read(r);
        } else if (e instanceof Member m) {
            if (!isInstance(m.base(), scope)) {
                return field(m, scope);
            }
            Symbol inst = instanceOf(m.base(), scope);
            return inst instanceof CompInst c ? portOf(c, m) : portOf((ModInst) inst, m).sig();
        } else if (e instanceof Index i) {
            if (i.base() instanceof Ref r && scope.lookup(r.name()) instanceof InstArray) {
                throw new NetlistException(i.pos(), "name a port of the instance, e.g. " + describe(i) + ".q");
            }
            Object base = eval(i.base(), scope);
            if (!(base instanceof Sig sig)) {
                throw new NetlistException(i.pos(), "only signals can be indexed, not " + show(base));
            }
            if (sig.array()) {
                int lane = laneIndex(i.index(), scope, sig.slots().length);
                return new Sig(sig.type(), new int[] {sig.slots()[lane]}, false, sig.bundle());
            }
            requirePlain(sig, i.pos(), "a bit index");
            int bit = laneIndex(i.index(), scope, sig.type().width());
            return slice(sig, bit, bit, i.pos(), module);
        } else if (e instanceof Range r) {
            Object base = eval(r.base(), scope);
            if (!(base instanceof Sig sig)) {
                throw new NetlistException(r.pos(), "only signals have bit slices, not " + show(base));
            }
            requirePlain(sig, r.pos(), "a bit slice");
            long high = integer(r.high(), scope, "the high bit");
            long low = integer(r.low(), scope, "the low bit");
            if (low < 0 || high < low || high >= sig.type().width()) {
                throw new NetlistException(r.pos(), "bit slice [" + high + ":" + low + "] is outside " + sig.type()
                        + " (bits " + (sig.type().width() - 1) + "..0)");
            }
            return slice(sig, (int) high, (int) low, r.pos(), module);
        } else if (e instanceof Unary u) {
            Object v = eval(u.operand(), scope);
            requirePlain(v, u.pos(), "operator " + u.op());
            if (v instanceof Long l) {
                return u.op().equals("-") ? exact(u.pos(), () -> Math.negateExact(l)) : ~l;
            }
            if (v instanceof Sig s && u.op().equals("~")) {
                Logic not = new Logic(generatedName(module, "not"), Logic.Op.NOT, s.type(), s.slots().length);
                CompInst c = generated(not, u.pos(), module);
                join(s, c.ports().get("a"), u.pos());
                return withArray(c.ports().get("y"), s.array());
            }
            throw new NetlistException(u.pos(), "operator " + u.op() + " does not apply to " + (v instanceof Sig
                    ? "a signal (subtract it from zero with an Adder(op = \"sub\"))" : show(v)));
        } else if (e instanceof Binary b) {
            Object left = eval(b.left(), scope);
            Object right = eval(b.right(), scope);
            requirePlain(left, b.left().pos(), "operator " + b.op().symbol());
            requirePlain(right, b.right().pos(), "operator " + b.op().symbol());
            return binary(b, left, right, module);
        } else if (e instanceof Ast.Concat c) {
            List<Sig> parts = new ArrayList<>();
            for (Expr p : c.parts()) {
                Object v = eval(p, scope);
                if (!(v instanceof Sig s)) {
                    throw new NetlistException(p.pos(), "give constants in a concatenation a width, e.g. 4'd0");
                }
                requirePlain(s, p.pos(), "a concatenation");
                parts.add(s);
            }
            return concat(parts, c.pos(), c.parts().stream().map(Expr::pos).toList(), module);
        } else if (e instanceof Call c) {
            return call(c, scope);
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /** The parts side by side, the first in the most significant bits, lane by lane. */
    private Sig concat(List<Sig> parts, Pos pos, List<Pos> partPos, ModuleScope module) {
        int lanes = parts.stream().mapToInt(s -> s.slots().length).max().orElse(1);
        for (int k = 0; k < parts.size(); k++) {
            if (parts.get(k).slots().length != lanes) {
                throw new NetlistException(partPos.get(k), "lane mismatch in a concatenation: "
                        + parts.get(k).slots().length + " lanes where others have " + lanes);
            }
        }
        int total = parts.stream().mapToInt(s -> s.type().width()).sum();
        if (total > SignalType.MAX_WIDTH) {
            throw new NetlistException(pos, "concatenation is " + total + " bits wide; the limit is " + SignalType.MAX_WIDTH);
        }
        Concat cat = new Concat(generatedName(module, "cat"), parts.stream().map(Sig::type).toList(), lanes);
        CompInst ci = generated(cat, pos, module);
        for (int k = 0; k < parts.size(); k++) {
            join(parts.get(k), ci.ports().get("in" + k), pos);
        }
        return withArray(ci.ports().get("y"), parts.stream().anyMatch(Sig::array));
    }

    private Object binary(Binary b, Object left, Object right, ModuleScope module) {
        Operator op = b.op();
        if (left instanceof Long x && right instanceof Long y) {
            return exact(b.pos(), () -> op.fold(x, y));
        }
        if (left instanceof String x && right instanceof String y && op.comparesStrings()) {
            return op.fold(x.equals(y) ? 1 : 0, 1);
        }
        if (!(left instanceof Sig) && !(right instanceof Sig)) {
            throw new NetlistException(b.pos(), "operator " + op.symbol() + " does not apply to " + show(left) + " and " + show(right));
        }
        SignalType type = left instanceof Sig s ? s.type() : ((Sig) right).type();
        if (op.lower(op.name(), type, 1) == null) {
            throw new NetlistException(b.pos(), "operator " + op.symbol() + " works on constants only; for signals use a library "
                    + "component (Multiplier, Comparator, Shifter)");
        }
        Sig a = asSignal(left, type, b.left().pos(), module);
        Sig c = asSignal(right, type, b.right().pos(), module);
        if (!a.type().equals(c.type())) {
            throw new NetlistException(b.pos(), "width/signedness mismatch: " + a.type() + " " + op.symbol() + " " + c.type()
                    + " (convert with zext(x, N), sext(x, N), trunc(x, N), signed(x) or unsigned(x))");
        }
        int lanes = Math.max(a.slots().length, c.slots().length);
        if (a.slots().length != c.slots().length && Math.min(a.slots().length, c.slots().length) != 1) {
            throw new NetlistException(b.pos(), "lane mismatch: " + a.slots().length + " lanes " + op.symbol() + " " + c.slots().length + " lanes");
        }
        a = broadcast(a, lanes);
        c = broadcast(c, lanes);
        Component comp = op.lower(generatedName(module, op.name().toLowerCase(java.util.Locale.ROOT)), type, lanes);
        if (type.width() > 127 && comp instanceof Adder) {
            throw new NetlistException(b.pos(), "operands of + and - are at most 127 bits, got " + type);
        }
        if (comp instanceof dev.bdsim.lib.Adder adder && right instanceof Long k) {
            adder.constantOperand(k);
        }
        CompInst ci = generated(comp, b.pos(), module);
        join(a, ci.ports().get("a"), b.pos());
        join(c, ci.ports().get("b"), b.pos());
        Sig out = ci.ports().get(comp instanceof Adder ? "s" : "y");
        return withArray(out, a.array() || c.array());
    }

    private static long exact(Pos pos, java.util.function.LongSupplier f) {
        try {
            return f.getAsLong();
        } catch (ArithmeticException e) {
            throw new NetlistException(pos, e.getMessage() != null && e.getMessage().contains("by zero") ? "division by zero"
                    : "integer overflow in a constant expression");
        }
    }

    private static Sig broadcast(Sig s, int lanes) {
        if (s.slots().length == lanes) {
            return s;
        }
        int[] slots = new int[lanes];
        Arrays.fill(slots, s.slots()[0]);
        return new Sig(s.type(), slots, s.array());
    }

    private static Sig withArray(Sig s, boolean array) {
        return new Sig(s.type(), s.slots(), array || s.slots().length > 1);
    }

    private Object call(Call c, Scope scope) {
        List<Object> args = new ArrayList<>();
        for (Expr a : c.args()) {
            args.add(eval(a, scope));
        }
        ModuleScope module = scope.module;
        Bundle bundle = FUNCTIONS.contains(c.function()) ? null : bundleOrNull(c.function(), scope);
        if (bundle != null) {
            return construct(c, bundle, args, module);
        }
        if (!c.function().equals("width") && !c.function().equals("lanes") && !c.function().equals("bits")) {
            for (int k = 0; k < args.size(); k++) {
                requirePlain(args.get(k), c.args().get(k).pos(), c.function() + "()");
            }
        }
        switch (c.function()) {
            case "bits" -> {
                Sig s = sigArg(c, args, 0, 1);
                if (s.bundle() == null) {
                    throw new NetlistException(c.pos(), "bits(x) takes a bundle signal, got " + s.type() + ", which is bits already");
                }
                return new Sig(s.type(), s.slots(), s.array());
            }
            case "clog2", "abs", "pow2" -> {
                long x = intArg(c, args, 0, 1);
                return switch (c.function()) {
                    case "clog2" -> {
                        if (x < 1) {
                            throw new NetlistException(c.pos(), "clog2 needs a positive argument, got " + x);
                        }
                        yield (long) (64 - Long.numberOfLeadingZeros(x - 1));
                    }
                    case "abs" -> exact(c.pos(), () -> Math.absExact(x));
                    default -> {
                        if (x < 0 || x > 62) {
                            throw new NetlistException(c.pos(), "pow2 takes 0..62, got " + x);
                        }
                        yield 1L << x;
                    }
                };
            }
            case "min", "max" -> {
                long x = intArg(c, args, 0, 2);
                long y = intArg(c, args, 1, 2);
                return c.function().equals("min") ? Math.min(x, y) : Math.max(x, y);
            }
            case "width", "lanes" -> {
                Sig s = sigArg(c, args, 0, 1);
                return (long) (c.function().equals("width") ? s.type().width() : s.slots().length);
            }
            case "zext", "sext", "trunc" -> {
                Sig s = sigArg(c, args, 0, 2);
                long n = intArg(c, args, 1, 2);
                int w = s.type().width();
                boolean trunc = c.function().equals("trunc");
                if (n < 1 || n > SignalType.MAX_WIDTH || (trunc ? n > w : n < w)) {
                    throw new NetlistException(c.pos(), c.function() + " of " + s.type() + " to " + n + " bits: the width must be "
                            + (trunc ? "1.." + w : w + ".." + SignalType.MAX_WIDTH));
                }
                boolean signExtend = c.function().equals("sext") || trunc && s.type().signed();
                SignalType out = new SignalType((int) n, c.function().equals("zext") ? false : c.function().equals("sext") || s.type().signed());
                return resize(s, out, signExtend, c.pos(), module);
            }
            case "signed", "unsigned" -> {
                Sig s = sigArg(c, args, 0, 1);
                return resize(s, new SignalType(s.type().width(), c.function().equals("signed")), s.type().signed(), c.pos(), module);
            }
            default -> throw new NetlistException(c.pos(), "unknown function " + c.function()
                    + "; functions: clog2, pow2, abs, min, max, width, lanes, zext, sext, trunc, signed, unsigned, bits, "
                    + "and a bundle's name");
        }
    }

    private static void arity(Call c, List<Object> args, int n) {
        if (args.size() != n) {
            throw new NetlistException(c.pos(), c.function() + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", got " + args.size());
        }
    }

    private static long intArg(Call c, List<Object> args, int i, int n) {
        arity(c, args, n);
        if (!(args.get(i) instanceof Long l)) {
            throw new NetlistException(c.args().get(i).pos(), c.function() + " needs an integer here, got "
                    + (args.get(i) instanceof Sig ? "a signal" : show(args.get(i))));
        }
        return l;
    }

    private static Sig sigArg(Call c, List<Object> args, int i, int n) {
        arity(c, args, n);
        if (!(args.get(i) instanceof Sig s)) {
            throw new NetlistException(c.args().get(i).pos(), c.function() + " needs a signal here, got " + show(args.get(i)));
        }
        return s;
    }

    private Sig resize(Sig s, SignalType out, boolean signExtend, Pos pos, ModuleScope module) {
        Resize r = new Resize(generatedName(module, "cast"), s.type(), out, s.slots().length, signExtend);
        CompInst ci = generated(r, pos, module);
        join(s, ci.ports().get("a"), pos);
        return withArray(ci.ports().get("y"), s.array());
    }

    private Sig slice(Sig s, int high, int low, Pos pos, ModuleScope module) {
        Slice sl = new Slice(generatedName(module, "slice"), s.type(), s.slots().length, high, low);
        CompInst ci = generated(sl, pos, module);
        join(s, ci.ports().get("a"), pos);
        return withArray(ci.ports().get("y"), s.array());
    }

    private Sig asSignal(Object value, SignalType type, Pos pos, ModuleScope module) {
        if (value instanceof Sig s) {
            return s;
        }
        if (value instanceof Long v) {
            return constantSig(v, type, pos, module);
        }
        throw new NetlistException(pos, "a string cannot drive a signal: " + show(value));
    }

    private Sig constantSig(long v, SignalType type, Pos pos, ModuleScope module) {
        boolean fits = type.fits(v);
        if (!fits) {
            throw new NetlistException(pos, "constant " + v + " does not fit in " + type);
        }
        Constant k = new Constant(generatedName(module, "const"), type, v, type.signed() ? v >> 63 : 0);
        return generated(k, pos, module).ports().get("y");
    }

    /** Connects a computed signal to an input port of a generated component. */
    private void join(Sig source, Sig input, Pos pos) {
        for (int lane = 0; lane < input.slots().length; lane++) {
            union(source.slots()[source.slots().length == 1 ? 0 : lane], input.slots()[lane], pos, "expression");
        }
    }

    private static String describe(Expr e) {
        if (e instanceof Ref r) {
            return r.name();
        }
        if (e instanceof Member m) {
            return describe(m.base()) + "." + m.name();
        }
        if (e instanceof Index i) {
            return describe(i.base()) + "[" + (i.index() instanceof IntLit l ? String.valueOf(l.value()) : "..") + "]";
        }
        return "the target";
    }

    // ---- slots and nets ----

    private Sig newSig(SignalType type, int lanes, boolean array, String name, int rank, Pos pos) {
        return new Sig(type, nets.add(type, lanes, array, name, rank, pos), array);
    }

    private void drive(int slot, String driver, Pos pos) {
        nets.drive(slot, driver, pos);
    }

    private void union(int a, int b, Pos pos, String what) {
        nets.union(a, b, pos, what);
    }

    private void checkConnected() {
        for (ModInst m : moduleInstances) {
            for (Decl port : m.module().ports.values()) {
                if (port.kind() != DeclKind.INPUT) {
                    continue;
                }
                for (int slot : port.sig().slots()) {
                    if (!nets.driven(slot)) {
                        throw new NetlistException(m.pos(), "unconnected input: " + m.name() + "." + port.name() + " ("
                                + m.module().decl.name() + ") is not driven");
                    }
                }
            }
        }
        for (CompInst c : components) {
            for (Port p : c.component().ports()) {
                if (!p.isInput() || p.optional()) {
                    continue;
                }
                for (int slot : c.ports().get(p.name()).slots()) {
                    if (!nets.driven(slot)) {
                        String via = nets.netName(slot);
                        throw new NetlistException(c.pos(), "unconnected input: " + c.name() + "." + p.name() + " ("
                                + c.component().typeName() + ") is not driven"
                                + (via.equals(nets.slotName(slot)) ? "" : " (it reads " + via + ", which nothing drives)"));
                    }
                }
            }
        }
        for (ModuleScope m : scopes) {
            for (Decl port : m.ports.values()) {
                if (port.kind() != DeclKind.OUTPUT) {
                    continue;
                }
                for (int slot : port.sig().slots()) {
                    if (!nets.driven(slot)) {
                        throw new NetlistException(port.pos(), "output " + port.name() + " of module " + m.decl.name()
                                + " is never driven");
                    }
                }
            }
        }
    }

    private Netlist flatten(String file, ModuleScope top) {
        Circuit circuit = new Circuit();
        int[] netOfSlot = nets.build(circuit);
        Map<Component, Pos> origin = new IdentityHashMap<>();
        for (CompInst c : components) {
            circuit.add(c.component());
            origin.put(c.component(), c.pos());
            for (Port p : c.component().ports()) {
                Sig sig = c.ports().get(p.name());
                boolean undrivenOptional = p.isInput() && p.optional() && !nets.driven(sig.slots()[0]);
                if (!undrivenOptional) {
                    circuit.connect(p, Arrays.stream(sig.slots()).map(s -> netOfSlot[s]).toArray());
                }
            }
        }
        if (top.reset != null) {
            circuit.setReset(netOfSlot[top.reset.sig().slots()[0]]);
        }
        List<Netlist.TopPort> inputs = new ArrayList<>();
        List<Netlist.TopPort> outputs = new ArrayList<>();
        for (Decl d : top.ports.values()) {
            Netlist.TopPort p = new Netlist.TopPort(d.name(), d.sig().type(), d.sig().array(),
                    Arrays.stream(d.sig().slots()).map(s -> netOfSlot[s]).toArray());
            (d.kind() == DeclKind.OUTPUT ? outputs : inputs).add(p);
        }
        List<Netlist.Probe> probes = new ArrayList<>();
        for (ModuleScope m : scopes) {
            for (Decl d : m.signals) {
                int[] slots = d.sig().slots();
                for (int lane = 0; lane < slots.length; lane++) {
                    probes.add(new Netlist.Probe(m.path, d.sig().array() ? d.name() + "[" + lane + "]" : d.name(), netOfSlot[slots[lane]]));
                }
            }
        }
        circuit.bindDefaults();
        try {
            Simulator.schedule(circuit);
        } catch (CombinationalLoopException e) {
            List<Component> loop = e.loop();
            String path = loop.stream().map(c -> c.name() + " (" + c.typeName() + ")").collect(Collectors.joining(" -> "));
            throw new NetlistException(origin.get(loop.get(0)), "combinational loop: " + path + " -> " + loop.get(0).name()
                    + "; break it with a register");
        }
        return new Netlist(file, top.title, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(top.params)), circuit, inputs, outputs,
                top.reset == null ? null : top.reset.name(), probes);
    }
}
