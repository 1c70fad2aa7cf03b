package dev.bdsim.hdl;

/**
 * How a component is written in Verilog-2005: the body of its own module, whose ports are the
 * component's ports (lane arrays packed, lane l at bits [l*W +: W]) plus {@code clk} and {@code rst}
 * when it is sequential. The body must match the Java behaviour cycle for cycle and bit for bit.
 */
public interface VerilogModel {
    /** @param memoryFile the {@code $readmemh} file of the component's initial memory, or null */
    String verilogBody(String memoryFile);

    /** The initial memory words as hex lines for {@code $readmemh}, or null when the component has no memory. */
    default java.util.List<String> verilogMemory() {
        return null;
    }
}
