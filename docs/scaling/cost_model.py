#!/usr/bin/env python3
"""Projects seqconv's data-parallel training step on Spark to N executors on a 10 Gb/s network.

Every constant is a figure measured on the 2-core build machine (docs/scaling.md, "Measured"); the network's
bandwidth is the one assumption. The step of N executors, each computing b samples of the global batch:

    T(N, b) = c*b + J(N) + W + F + D*w*(1 + N) + w/BW*(ceil(log2(N + 1)) + N) + N*K

    c*b    the shard's gradients (c: ms per sample on a one-core executor)
    J(N)   a Spark job over N tasks: J0 + J1*N
    W      engine work on the driver and in a replica: read the weights, write them into the replica, apply the
           optimizer's update
    F      the broadcast's fixed cost (the exchange of the 55 KB Jena weights less an empty job)
    D      Spark's data path per MB (serialization, block manager, copies; from the IMDB exchange less the Jena
           one), for the weights broadcast once and the N shards' gradients, which the driver takes one after
           another
    w/BW   the wire: the broadcast's doubling rounds (Spark's torrent broadcast) and the N results into the
           driver's link
    K      the driver's combination of one shard's gradients

Efficiency E = c*b / T(N, b), the share of a step spent computing gradients.
Run: python3 docs/scaling/cost_model.py
"""
import math

BW = 1.25                 # ASSUMED: a 10 Gb/s network, in MB per ms
J0, J1 = 25.0, 0.7        # an empty job: 22-28 ms over 2 executor JVMs; 0.6-0.8 ms per task (local[2], 1-128 tasks)
F = 23.0                  # exchange of the Jena weights less an empty job, local-cluster: 45.4-28.0, 57.3-28.2
D = 3.6                   # (IMDB exchange - Jena exchange) / 15.6 MB: (97.9-45.4)/15.6 = 3.4, (117.4-57.3)/15.6 = 3.9

# name: (w: MB of weights, c: ms per sample on a one-core executor, W: ms, K: ms per shard combined)
NETWORKS = {
    "IMDB, ND4J": (5.26, 41.5 / 64, 0.7 + 1.2 + 3.7, 3.3 / 2),
    "IMDB, TensorFlow": (5.26, 40.7 / 64, 2.1 + 4.1 + 5.2, 2.9 / 2),
    "Jena Conv1D+GRU, ND4J": (0.055, 15.6 / 64, 0.0 + 0.0 + 0.7, 0.1 / 2),
    "Jena Conv1D+GRU, TensorFlow": (0.055, 14.9 / 64, 1.0 + 1.8 + 0.7, 0.1 / 2),
}


def step(n, b, w, c, work, combine, bandwidth=BW):
    data = D * w * (1 + n)
    wire = w / bandwidth * (math.ceil(math.log2(n + 1)) + n)
    return c * b + J0 + J1 * n + work + F + data + wire + n * combine


def batch_for(target, n, w, c, work, combine):
    """The samples per executor whose compute is `target` of the step."""
    return math.ceil(target / (1 - target) * step(n, 0, w, c, work, combine) / c)


# Barrier segments (GradientExchange.BARRIER_SEGMENTS), IMDB on ND4J, measured 2026-12-05 (docs/scaling.md):
P = 3.0                   # ms per MB of gradients through ShardExchange.allReduce, 2 tasks (16.3-18.0 ms for 5.26 MB)
L = 0.5                   # ms per message: 0.9-1.1 ms for the 55 KB all-reduce's two rounds of one message each
U = 5.8                   # ms of a replica's optimizer update (applyGradients, IMDB ND4J: 5.6-5.9)
F_SEGMENT = 330.0         # ms a segment's start costs, driver rendezvous: 93-326 ms (allGather: 1.05-1.29 s)
IMDB_EPOCH = 25_000       # samples in an IMDB epoch: a segment (one epoch) is IMDB_EPOCH / (N b) steps


def barrier_step(n, b, w, c, segment_cost=F_SEGMENT, epoch=IMDB_EPOCH, bandwidth=BW, segment_epochs=1):
    """A step inside a segment of `segment_epochs` epochs: compute, the direct all-to-all, the update, the segment's
    share.

    Each task sends and receives 2(N-1)/N * w MB in 2(N-1) messages; the messages of a round are counted one after
    another (a bound: they go out at once). The compute is the mean shard's: no straggler is modelled."""
    steps = max(1, math.ceil(epoch / (n * b))) * segment_epochs
    exchange = 2 * (n - 1) / n * w / bandwidth + P * w + 2 * (n - 1) * L
    return c * b + exchange + U + segment_cost / steps


if __name__ == "__main__":
    print("| network | executors | step ms at global batch 128 | efficiency | samples/s "
          "| batch per executor for 80 % | its step ms | samples/s at 80 % |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (w, c, work, combine) in NETWORKS.items():
        for n in (8, 32, 128):
            b = 128 / n
            t = step(n, b, w, c, work, combine)
            b80 = batch_for(0.8, n, w, c, work, combine)
            t80 = step(n, b80, w, c, work, combine)
            print(f"| {name} | {n} | {t:,.0f} | {c * b / t:.0%} | {128 / t * 1000:,.0f} | {b80:,} "
                  f"| {t80:,.0f} | {n * b80 / t80 * 1000:,.0f} |")
    print()
    print("Check against the local-cluster measurement (2 executors, 64 samples each, loopback instead of a network):")
    for name, (w, c, work, combine) in NETWORKS.items():
        print(f"  {name}: model {step(2, 64, w, c, work, combine, bandwidth=math.inf):.0f} ms")
    print()
    print("Barrier segments of one epoch, IMDB ND4J: | executors | batch per executor | step ms | efficiency "
          "| segments of 4 epochs | of 16 epochs | with no segment cost |")
    w, c, _, _ = NETWORKS["IMDB, ND4J"]
    for n in (2, 8, 32, 128):
        for b in (64, 256, 1024):
            t = barrier_step(n, b, w, c)
            t4 = barrier_step(n, b, w, c, segment_epochs=4)
            t16 = barrier_step(n, b, w, c, segment_epochs=16)
            t0 = barrier_step(n, b, w, c, segment_cost=0)
            print(f"| {n} | {b} | {t:,.0f} | {c * b / t:.0%} | {c * b / t4:.0%} | {c * b / t16:.0%} "
                  f"| {c * b / t0:.0%} |")
