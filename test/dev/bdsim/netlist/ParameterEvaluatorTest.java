package dev.bdsim.netlist;

import dev.bdsim.netlist.Ast.Expr;
import dev.bdsim.netlist.Ast.IntLit;
import dev.bdsim.netlist.Ast.ModuleDecl;
import dev.bdsim.netlist.Ast.ParamDecl;
import dev.bdsim.netlist.Ast.Ref;
import dev.bdsim.netlist.Ast.StrLit;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parameter evaluation on its own, with a constant interpreter that knows literals and earlier parameters. */
class ParameterEvaluatorTest {
    static Pos at(int col) {
        return new Pos("m.bdn", 1, col);
    }

    /** module m #(N = 8 in 1..16, M = N, KIND = "fp32") */
    static final ModuleDecl M = new ModuleDecl(at(1), "m", List.of(
            new ParamDecl(at(11), "N", new IntLit(at(15), 8), new IntLit(at(20), 1), new IntLit(at(23), 16)),
            new ParamDecl(at(28), "M", new Ref(at(32), "N"), null, null),
            new ParamDecl(at(35), "KIND", new StrLit(at(42), "fp32"), null, null)), List.of(), Path.of("m.bdn"), null);

    static Map<String, Object> evaluate(Map<String, Object> overrides, Map<String, Pos> at) {
        Map<String, Object> seen = new HashMap<>();
        return ParameterEvaluator.evaluate(M, overrides, at, new ParameterEvaluator.Constants() {
            @Override
            public Object constant(Expr e, String what) {
                if (e instanceof IntLit i) {
                    return i.value();
                }
                if (e instanceof StrLit s) {
                    return s.value();
                }
                return seen.get(((Ref) e).name());
            }

            @Override
            public void declare(ParamDecl p, Object value) {
                seen.put(p.name(), value);
            }
        });
    }

    @Test
    void defaultsInOrderAndOverrides() {
        assertEquals(Map.of("N", 8L, "M", 8L, "KIND", "fp32"), evaluate(Map.of(), Map.of()));
        assertEquals(Map.of("N", 12L, "M", 12L, "KIND", "fixed:24:8"), evaluate(Map.of("N", 12L, "KIND", "fixed:24:8"), Map.of()),
                "a later default sees the override of an earlier parameter");
    }

    @Test
    void anOverrideOutOfRangeOrOfTheWrongKindIsAnErrorAtItsPlace() {
        NetlistException e = assertThrows(NetlistException.class, () -> evaluate(Map.of("N", 17L), Map.of()));
        assertEquals("m.bdn:1:11: parameter N = 17 is out of range 1..16 of module m (set by --param)", e.getMessage());
        e = assertThrows(NetlistException.class, () -> evaluate(Map.of("N", 0L), Map.of("N", new Pos("top.bdn", 4, 9))));
        assertTrue(e.getMessage().startsWith("top.bdn:4:9: parameter N = 0 is out of range"), e.getMessage());
        e = assertThrows(NetlistException.class, () -> evaluate(Map.of("KIND", 3L), Map.of()));
        assertEquals("m.bdn:1:35: parameter KIND of m takes a string, got 3 (set by --param)", e.getMessage());
    }
}
