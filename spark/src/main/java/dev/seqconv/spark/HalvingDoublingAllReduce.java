package dev.seqconv.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The all-reduce in {@code 2·log2 N} rounds of one message each, for {@code N} a power of two.
 *
 * <p>Reduce-scatter by recursive halving, without reducing on the way: in the round of bit {@code b}
 * ({@code N/2, N/4, .., 1}) task {@code t} and task {@code t xor b} split the chunks they both still cover; each
 * sends the other the raw floats of every shard it holds (with their {@code n_k} and figures) for the half the
 * other keeps. After the last round task {@code j} holds every shard's raw floats of chunk {@code j} and sums them
 * in shard order as {@link DirectAllReduce} does, so the bits are the same. Every round sends {@code L/2} floats:
 * {@code (log2 N)/2 · L} in all, against the direct {@code (N−1)/N · L}, in {@code log2 N} messages instead of
 * {@code N−1}.
 *
 * <p>All-gather by recursive doubling: in the round of bit {@code b} ({@code 1, 2, .., N/2}) task {@code t} and task
 * {@code t xor b} swap the {@code b} reduced chunks each holds; {@code (N−1)/N · L} floats in {@code log2 N}
 * messages.
 */
final class HalvingDoublingAllReduce implements AllReduce {

    @Override
    public Reduced reduce(ShardPart mine, float[] combined, ShardExchange peers) throws IOException {
        int length = combined.length;
        int self = peers.self();
        int tasks = peers.tasks();
        if (Integer.bitCount(tasks) != 1) {
            throw new IllegalStateException("Recursive halving needs a power of two of tasks, got " + tasks);
        }
        List<ShardPart> held = new ArrayList<>(List.of(mine));
        int first = 0;
        for (int bit = tasks / 2; bit >= 1; bit /= 2) {
            int peer = self ^ bit;
            int kept = (self & bit) == 0 ? first : first + bit;
            int given = (self & bit) == 0 ? first + bit : first;
            var send = peers.sendParts(peer, List.copyOf(held), AllReduce.chunkStart(given, length, tasks),
                    AllReduce.chunkStart(given + bit, length, tasks));
            List<ShardPart> received = peers.receiveParts(peer);
            peers.await(List.of(send));
            held.addAll(received);
            first = kept;
        }
        Reduced reduced = AllReduce.reduceChunk(held, self, combined, tasks);
        for (int bit = 1; bit < tasks; bit *= 2) {
            int peer = self ^ bit;
            int mineFirst = self & -bit;
            int theirsFirst = peer & -bit;
            var send = peers.sendFloats(peer, combined, AllReduce.chunkStart(mineFirst, length, tasks),
                    AllReduce.chunkStart(mineFirst + bit, length, tasks));
            peers.receiveFloats(peer, combined, AllReduce.chunkStart(theirsFirst, length, tasks),
                    AllReduce.chunkStart(theirsFirst + bit, length, tasks));
            peers.await(List.of(send));
        }
        return reduced;
    }
}
