package dev.bdsim.netlist;

import dev.bdsim.kernel.Component;
import dev.bdsim.kernel.SignalType;
import dev.bdsim.lib.Adder;
import dev.bdsim.lib.Logic;

import java.util.Arrays;

/**
 * The DSL's binary operators: the symbol, the precedence level (0 binds loosest), how it folds two
 * integer constants (exactly: overflow is an {@link ArithmeticException}), and, for those that
 * apply to signals, the component it lowers to and that component's output port.
 */
enum Operator {
    EQ("==", 0) {
        @Override
        long fold(long x, long y) {
            return x == y ? 1 : 0;
        }
    },
    NE("!=", 0) {
        @Override
        long fold(long x, long y) {
            return x != y ? 1 : 0;
        }
    },
    LT("<", 0) {
        @Override
        long fold(long x, long y) {
            return x < y ? 1 : 0;
        }
    },
    LE("<=", 0) {
        @Override
        long fold(long x, long y) {
            return x <= y ? 1 : 0;
        }
    },
    GT(">", 0) {
        @Override
        long fold(long x, long y) {
            return x > y ? 1 : 0;
        }
    },
    GE(">=", 0) {
        @Override
        long fold(long x, long y) {
            return x >= y ? 1 : 0;
        }
    },
    OR("|", 1) {
        @Override
        long fold(long x, long y) {
            return x | y;
        }

        @Override
        Component lower(String name, SignalType type, int lanes) {
            return new Logic(name, Logic.Op.OR, type, lanes);
        }
    },
    XOR("^", 2) {
        @Override
        long fold(long x, long y) {
            return x ^ y;
        }

        @Override
        Component lower(String name, SignalType type, int lanes) {
            return new Logic(name, Logic.Op.XOR, type, lanes);
        }
    },
    AND("&", 3) {
        @Override
        long fold(long x, long y) {
            return x & y;
        }

        @Override
        Component lower(String name, SignalType type, int lanes) {
            return new Logic(name, Logic.Op.AND, type, lanes);
        }
    },
    SHL("<<", 4) {
        @Override
        long fold(long x, long y) {
            if (y < 0 || y > 62 || (x << y) >> y != x) {
                throw new ArithmeticException("shift overflows");
            }
            return x << y;
        }
    },
    SHR(">>", 4) {
        @Override
        long fold(long x, long y) {
            return y < 0 || y > 63 ? 0 : x >> y;
        }
    },
    ADD("+", 5) {
        @Override
        long fold(long x, long y) {
            return Math.addExact(x, y);
        }

        @Override
        Component lower(String name, SignalType type, int lanes) {
            return new Adder(name, type, lanes, false);
        }
    },
    SUB("-", 5) {
        @Override
        long fold(long x, long y) {
            return Math.subtractExact(x, y);
        }

        @Override
        Component lower(String name, SignalType type, int lanes) {
            return new Adder(name, type, lanes, true);
        }
    },
    MUL("*", 6) {
        @Override
        long fold(long x, long y) {
            return Math.multiplyExact(x, y);
        }
    },
    DIV("/", 6) {
        @Override
        long fold(long x, long y) {
            return x / y;
        }
    },
    MOD("%", 6) {
        @Override
        long fold(long x, long y) {
            return x % y;
        }
    };

    /** The number of precedence levels. */
    static final int LEVELS = 7;

    private final String symbol;
    private final int level;

    Operator(String symbol, int level) {
        this.symbol = symbol;
        this.level = level;
    }

    String symbol() {
        return symbol;
    }

    /** The operator written {@code symbol} at precedence {@code level}, or null. */
    static Operator at(int level, String symbol) {
        return Arrays.stream(values()).filter(o -> o.level == level && o.symbol.equals(symbol)).findFirst().orElse(null);
    }

    /** The value of {@code x op y} for integer constants; ArithmeticException on overflow or division by zero. */
    abstract long fold(long x, long y);

    /** The component computing the operator on signals, or null when it works on constants only. */
    Component lower(String name, SignalType type, int lanes) {
        return null;
    }

    /** True for the comparisons, which also compare strings. */
    boolean comparesStrings() {
        return this == EQ || this == NE;
    }
}
