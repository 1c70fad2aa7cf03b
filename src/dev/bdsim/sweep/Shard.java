package dev.bdsim.sweep;

import dev.bdsim.BadInputException;

import java.util.List;

/**
 * One of {@code count} shards of a sweep: the points whose index modulo {@code count} is
 * {@code index}. Shards run apart (one per machine or scheduler task) into directories of their
 * own and {@link ShardMerge} joins them; the whole sweep is the shard {@code 0/1}.
 */
public record Shard(int index, int count) {
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new BadInputException("--shard " + index + "/" + count + ": give I/N with 0 <= I < N, e.g. 0/4 for the first of four shards");
        }
    }

    /** {@code I/N}, as {@code --shard} takes it. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadInputException("--shard " + text + ": give I/N (shard I of N, counted from 0), e.g. --shard 0/4");
    }

    public boolean whole() {
        return count == 1;
    }

    /** The points of the sweep this shard runs, in point order. */
    public List<SweepSpec.Point> of(List<SweepSpec.Point> points) {
        return points.stream().filter(p -> p.index() % count == index).toList();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
