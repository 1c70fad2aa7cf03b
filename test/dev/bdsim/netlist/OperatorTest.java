package dev.bdsim.netlist;

import dev.bdsim.kernel.SignalType;
import dev.bdsim.lib.Adder;
import dev.bdsim.lib.Logic;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The operators on their own: folding constants exactly, precedence, lowering to components. */
class OperatorTest {
    @Test
    void foldsConstantsExactly() {
        assertEquals(7, Operator.ADD.fold(3, 4));
        assertEquals(-1, Operator.SUB.fold(3, 4));
        assertEquals(2, Operator.DIV.fold(7, 3));
        assertEquals(1, Operator.MOD.fold(7, 3));
        assertEquals(40, Operator.SHL.fold(5, 3));
        assertEquals(0, Operator.SHR.fold(5, 64));
        assertEquals(1, Operator.LE.fold(3, 3));
        assertEquals(0, Operator.NE.fold(3, 3));
        assertThrows(ArithmeticException.class, () -> Operator.ADD.fold(Long.MAX_VALUE, 1));
        assertThrows(ArithmeticException.class, () -> Operator.MUL.fold(1L << 40, 1L << 40));
        assertThrows(ArithmeticException.class, () -> Operator.SHL.fold(1, 63));
        assertThrows(ArithmeticException.class, () -> Operator.DIV.fold(1, 0));
    }

    @Test
    void precedenceLevelsFromLoosestToTightest() {
        assertEquals(Operator.EQ, Operator.at(0, "=="));
        assertEquals(Operator.OR, Operator.at(1, "|"));
        assertEquals(Operator.ADD, Operator.at(5, "+"));
        assertEquals(Operator.MUL, Operator.at(6, "*"));
        assertNull(Operator.at(5, "*"), "* binds tighter than +");
    }

    @Test
    void onlyAddSubtractAndBitwiseOperatorsLowerToComponents() {
        SignalType u8 = SignalType.unsigned(8);
        assertInstanceOf(Adder.class, Operator.SUB.lower("s", u8, 2));
        assertInstanceOf(Logic.class, Operator.XOR.lower("x", u8, 2));
        assertNull(Operator.MUL.lower("m", u8, 2));
        assertNull(Operator.LT.lower("c", u8, 2));
    }
}
