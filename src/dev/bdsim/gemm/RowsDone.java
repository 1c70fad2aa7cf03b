package dev.bdsim.gemm;

/** Hears how many activation rows of a run have their outputs out, of all. */
public interface RowsDone {
    void update(int done, int total);
}
