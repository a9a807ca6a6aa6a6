package dev.seqconv.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * The all-reduce as a direct all-to-all: reduce-scatter (every task sends chunk {@code j} of its gradients, with
 * its {@code n_k} and figures, to task {@code j}), then all-gather (every task sends its reduced chunk to every
 * other). Per task and step: {@code 2(N−1)} messages in two rounds, {@code 2(N−1)/N · L} floats sent. Any
 * {@code N}.
 */
final class DirectAllReduce implements AllReduce {

    @Override
    public Reduced reduce(ShardPart mine, float[] combined, ShardExchange peers) throws IOException {
        int length = combined.length;
        int self = peers.self();
        int tasks = peers.tasks();
        List<Future<?>> sends = new ArrayList<>();
        for (int peer = 0; peer < tasks; peer++) {
            if (peer != self) {
                sends.add(peers.sendParts(peer, List.of(mine), AllReduce.chunkStart(peer, length, tasks),
                        AllReduce.chunkStart(peer + 1, length, tasks)));
            }
        }
        List<ShardPart> parts = new ArrayList<>(List.of(mine));
        for (int peer = 0; peer < tasks; peer++) {
            if (peer != self) {
                parts.addAll(peers.receiveParts(peer));
            }
        }
        peers.await(sends);
        Reduced reduced = AllReduce.reduceChunk(parts, self, combined, tasks);
        sends.clear();
        int from = AllReduce.chunkStart(self, length, tasks);
        int to = AllReduce.chunkStart(self + 1, length, tasks);
        for (int peer = 0; peer < tasks; peer++) {
            if (peer != self) {
                sends.add(peers.sendFloats(peer, combined, from, to));
            }
        }
        for (int peer = 0; peer < tasks; peer++) {
            if (peer != self) {
                peers.receiveFloats(peer, combined, AllReduce.chunkStart(peer, length, tasks),
                        AllReduce.chunkStart(peer + 1, length, tasks));
            }
        }
        peers.await(sends);
        return reduced;
    }
}
