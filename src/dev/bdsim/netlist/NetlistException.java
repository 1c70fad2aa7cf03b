package dev.bdsim.netlist;

import dev.bdsim.BadInputException;

/** A problem in a netlist or stimulus file, reported as {@code file:line:col: message}. */
public final class NetlistException extends BadInputException {
    private final Pos pos;
    private final String detail;

    public NetlistException(Pos pos, String detail) {
        super(pos + ": " + detail);
        this.pos = pos;
        this.detail = detail;
    }

    public Pos pos() {
        return pos;
    }

    /** The message without its location. */
    public String detail() {
        return detail;
    }
}
