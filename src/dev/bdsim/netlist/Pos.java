package dev.bdsim.netlist;

/** A place in a source file, 1-based; printed as {@code file:line:col}. */
public record Pos(String file, int line, int col) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }
}
