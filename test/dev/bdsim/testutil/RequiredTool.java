package dev.bdsim.testutil;

import org.junit.jupiter.api.Assumptions;

/**
 * An external tool or file a test needs (Icarus, Yosys, the OSU cell library): the test is skipped
 * without it, except under {@code BDSIM_REQUIRE_TOOLS=1} (as CI sets it), where it fails.
 */
public final class RequiredTool {
    private RequiredTool() {}

    public static void require(boolean available, String missing) {
        if (!available) {
            if ("1".equals(System.getenv("BDSIM_REQUIRE_TOOLS"))) {
                throw new AssertionError(missing + ", but BDSIM_REQUIRE_TOOLS=1");
            }
            Assumptions.abort(missing + "; skipped");
        }
    }
}
