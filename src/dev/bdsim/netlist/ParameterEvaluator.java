package dev.bdsim.netlist;

import dev.bdsim.netlist.Ast.Expr;
import dev.bdsim.netlist.Ast.ModuleDecl;
import dev.bdsim.netlist.Ast.ParamDecl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of one module instance: defaults evaluated in declaration order (a default may use
 * the parameters before it), an override checked against the kind of its default (integer or
 * string) and against the declared range, each error at the override or the declaration.
 */
final class ParameterEvaluator {
    /** The constant interpreter, seeing the parameters declared so far. */
    interface Constants {
        /** The value (a Long or a String) of a constant expression. */
        Object constant(Expr e, String what);

        /** Makes a parameter visible to the expressions after it. */
        void declare(ParamDecl p, Object value);
    }

    private ParameterEvaluator() {}

    /**
     * @param overrides  values given by the instance (or by --param for the top module)
     * @param overrideAt where each instance override was written; an override without a place came from --param
     */
    static Map<String, Object> evaluate(ModuleDecl decl, Map<String, Object> overrides, Map<String, Pos> overrideAt, Constants constants) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamDecl p : decl.params()) {
            boolean overridden = overrides.containsKey(p.name());
            Object value = overridden ? overrides.get(p.name()) : constants.constant(p.defaultValue(), "parameter " + p.name());
            Pos at = overrideAt.getOrDefault(p.name(), p.pos());
            String via = overridden && !overrideAt.containsKey(p.name()) ? " (set by --param)" : "";
            if (overridden) {
                Object def = constants.constant(p.defaultValue(), "parameter " + p.name());
                if (def instanceof String != value instanceof String) {
                    throw new NetlistException(at, "parameter " + p.name() + " of " + decl.name() + " takes "
                            + (def instanceof String ? "a string" : "an integer") + ", got " + show(value) + via);
                }
            }
            if (p.min() != null) {
                long min = integer(constants, p.min(), "the range of " + p.name());
                long max = integer(constants, p.max(), "the range of " + p.name());
                if (!(value instanceof Long v)) {
                    throw new NetlistException(p.pos(), "parameter " + p.name() + " is a string; a range applies to integers only");
                }
                if (v < min || v > max) {
                    throw new NetlistException(at, "parameter " + p.name() + " = " + v + " is out of range "
                            + min + ".." + max + " of module " + decl.name() + via);
                }
            }
            constants.declare(p, value);
            values.put(p.name(), value);
        }
        return values;
    }

    private static long integer(Constants constants, Expr e, String what) {
        Object v = constants.constant(e, what);
        if (!(v instanceof Long l)) {
            throw new NetlistException(e.pos(), what + " must be an integer, got " + show(v));
        }
        return l;
    }

    static String show(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
