package dev.bdsim;

/** The product's name and version, as `sim --version` and reports print it. */
public final class Version {
    public static final String NAME = "bdsim 0.1.0";

    private Version() {}
}
