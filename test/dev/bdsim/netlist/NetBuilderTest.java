package dev.bdsim.netlist;

import dev.bdsim.kernel.Circuit;
import dev.bdsim.kernel.SignalType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The net builder on its own: joined slots become one net, named by rank, with one driver at most. */
class NetBuilderTest {
    static final Pos AT = new Pos("t.bdn", 3, 5);
    static final SignalType U8 = SignalType.unsigned(8);

    @Test
    void joinedSlotsBecomeOneNetNamedByTheBestRankedSlot() {
        NetBuilder b = new NetBuilder(100);
        int[] port = b.add(U8, 1, false, "y", 0, AT);
        int[] wire = b.add(U8, 2, true, "w", 1, AT);
        int[] pin = b.add(U8, 1, false, "r.q", 2, AT);
        b.union(pin[0], wire[1], AT, "w[1]");
        b.union(wire[1], port[0], AT, "y");
        b.drive(pin[0], "r.q", AT);
        assertTrue(b.driven(port[0]));
        assertFalse(b.driven(wire[0]));
        assertEquals("y", b.netName(pin[0]), "a top port names the net before a wire or a pin");
        assertEquals("w[0]", b.netName(wire[0]));
        Circuit c = new Circuit();
        int[] nets = b.build(c);
        assertEquals(2, c.netCount());
        assertArrayEquals(new int[] {nets[port[0]], nets[port[0]]}, new int[] {nets[wire[1]], nets[pin[0]]});
    }

    @Test
    void aSecondDriverAndTooManyLanesAreErrorsAtTheirPlace() {
        NetBuilder b = new NetBuilder(4);
        int[] a = b.add(U8, 1, false, "a", 0, AT);
        int[] c = b.add(U8, 1, false, "c", 0, AT);
        b.drive(a[0], "input port a", AT);
        b.drive(c[0], "x.q", AT);
        NetlistException e = assertThrows(NetlistException.class, () -> b.union(a[0], c[0], AT, "a"));
        assertTrue(e.getMessage().startsWith("t.bdn:3:5: multiple drivers: a is driven by x.q and by input port a"), e.getMessage());
        e = assertThrows(NetlistException.class, () -> b.add(U8, 3, true, "big", 1, AT));
        assertTrue(e.getMessage().contains("netlist too large: more than 4 signal lanes"), e.getMessage());
    }
}
