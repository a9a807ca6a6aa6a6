#!/usr/bin/env python3
"""Projects seqconv's data-parallel training step on Spark to N executors on a 10 Gb/s network.

Every input is a figure measured on the 2-core build machine (docs/scaling.md, "Measured"); the network is the
one thing assumed. The step of N executors, each computing b samples of the global batch:

    T(N, b) = c*b + J(N) + W + B(N) + N*G
    J(N) = J0 + J1*N                        a Spark job over N tasks (scheduling, launch, results)
    W                                       engine work on the driver and in a replica: read the weights, write
                                            them into the replica, apply the optimizer
    B(N) = S*w + w/BW * ceil(log2(N + 1))   the weights broadcast: serialized once, then spread in doubling
                                            rounds (Spark's torrent broadcast)
    G    = w/BW + S*w + K                   one shard's gradients into the driver, one after another: the wire,
                                            (de)serialization, and the driver's combination of them

Efficiency E = c*b / T(N, b), the share of a step spent computing gradients.
Run: python3 docs/scaling/cost_model.py
"""
import math

BW = 1.25                      # ASSUMED: a 10 Gb/s network, in MB per ms
S = 12.3 / 5.26                # ms per MB to serialize and deserialize float arrays (12.3 ms for 5.26 MB)
J0, J1 = 30.0, 0.55            # ms: an empty job, 27-37 ms, plus 0.55 ms per task (27 ms at 1 task, 96 at 128)

# name: (w: MB of weights, c: ms per sample on a 1-core executor, W: ms, K: ms per shard combined)
NETWORKS = {
    "IMDB, ND4J": (5.26, 51.0 / 64, 8.4 + 20.1 + 9.4, 4.8 / 2),
    "IMDB, TensorFlow": (5.26, 37.2 / 64, 2.7 + 5.3 + 6.3, 10.7 / 2),
    "Jena Conv1D+GRU, ND4J": (0.055, 23.7 / 64, 0.2 + 0.4 + 0.8, 0.1 / 2),
    "Jena Conv1D+GRU, TensorFlow": (0.055, 15.3 / 64, 1.5 + 2.2 + 1.0, 0.9 / 2),
}


def step(n, b, w, c, work, combine, bandwidth=BW):
    broadcast = S * w + w / bandwidth * math.ceil(math.log2(n + 1))
    gather = n * (w / bandwidth + S * w + combine)
    return c * b + J0 + J1 * n + work + broadcast + gather


def batch_for(target, n, w, c, work, combine):
    """The samples per executor whose compute is `target` of the step."""
    return math.ceil(target / (1 - target) * step(n, 0, w, c, work, combine) / c)


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
