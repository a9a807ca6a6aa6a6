#!/usr/bin/env python3
"""Projects seqconv's data-parallel training step on Spark to N executors on a 10 Gb/s network.

Every constant is a figure measured on the 2-core build machine (docs/scaling.md, "Measured"); the network's
bandwidth is the one assumption. The step of N executors, each computing b samples of the global batch:

    T(N, b) = c*b + J(N) + W + F + D*w*(1 + N) + w/BW*(ceil(log2(N + 1)) + N) + N*K

    c*b    the shard's gradients (c: ms per sample, one shard in the driver's JVM on both of the machine's cores;
           one core's is C_ONE_CORE below)
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
from statistics import NormalDist

BW = 1.25                 # ASSUMED: a 10 Gb/s network, in MB per ms
J0, J1 = 25.0, 0.7        # an empty job: 22-28 ms over 2 executor JVMs; 0.6-0.8 ms per task (local[2], 1-128 tasks)
F = 23.0                  # exchange of the Jena weights less an empty job, local-cluster: 45.4-28.0, 57.3-28.2
D = 3.6                   # (IMDB exchange - Jena exchange) / 15.6 MB: (97.9-45.4)/15.6 = 3.4, (117.4-57.3)/15.6 = 3.9

# name: (w: MB of weights, c: ms per sample on 2 cores (the driver's JVM), W: ms, K: ms per shard combined)
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
U = 5.8                   # ms of a replica's optimizer update (applyGradients, IMDB ND4J: 5.6-5.9), on 2 cores
F_SEGMENT = 460.0         # ms a segment's start costs: 437 / 483 ms with 2 / 4 executor JVMs, IMDB, quiet machine,
#                           2026-12-06 04:15 (docs/scaling.md "Quiet, across 2 and 4 executor JVMs"; 93-326 ms before
#                           in local mode)
IMDB_EPOCH = 25_000       # samples in an IMDB epoch: a segment (one epoch) is IMDB_EPOCH / (N b) steps


# The exchange between participant JVMs on loopback (ExchangeBenchmark, 2026-12-06, docs/scaling.md "The exchange
# at large N"): both algorithms' all-reduces taking turns in the same JVMs, 2 cores at load 26.
MSG = 0.07                # ms per message counted one after another: a 2-float all-reduce, 8 tasks, direct: 0.96 ms
#                           for its 14 messages (0.335 ms for 6 at 4 tasks: 0.056)
ROUND = 0.16              # ms per halving/doubling round: the same all-reduce, 0.96 ms for its 6 rounds (4 tasks:
#                           0.293 ms for 4, 0.073)
P_SENT_BEFORE = 1.6       # CPU ms per MB a task sends (flatten, send, receive, sum), from 20.97 MB of gradients:
#                           2.6 first (4 tasks, 74.0 ms direct (1.5 MB sent per MB), 87.5 halving/doubling (1.75 MB):
#                           2.4 both; 8 tasks, 102.1 ms direct (1.75 MB), 131.0 halving/doubling (2.375 MB): 2.8 and
#                           2.6), then 0.86 of it with messages from per-peer buffers and the blocked sum (4 tasks,
#                           direct, quiet machine: 87.6 -> 75.1 ms, 2.78 -> 2.39 ms per MB sent; docs/scaling.md),
#                           then 0.74 of that with channels, no per-step arrays and the strided zero-run scan (4
#                           tasks, 5.26 MB, direct, load 30-37: 17.85 -> 13.23 ms, 2.26 -> 1.68 ms per MB sent;
#                           docs/scaling.md "Fewer passes, no garbage"): 2.2 x 0.74 = 1.6; then less the sum's
#                           saving (ShardGradients.weightedMean reading the arrays in place, no zero fill: 1.70 ->
#                           1.31 CPU ms per 1.3 M shard floats summed, in-process, alternating, load 16-20,
#                           2026-12-06 05:20), 0.04 ms per MB sent at N >= 8 (a task sums L floats and sends ~2w):
#                           1.56
P_SENT = P_SENT_BEFORE - 0.04
Z_SHARD = {64: 0.709, 256: 0.425, 512: 0.256, 1024: 0.112}  # share of a shard's IMDB gradient floats in Embedding rows none of
#                           its reviews touches (exact zeros, which stay off the wire; 512 samples: 0.256),
#                           by samples per shard


def log2(n):
    return math.log2(n)


def sent_mb(n, w, algorithm, zeros):
    """MB a task sends a step: the reduce-scatter's raw shard floats less their zero rows, then the all-gather."""
    scatter = (n - 1) / n if algorithm == "direct" else log2(n) / 2
    return (scatter * (1 - zeros) + (n - 1) / n) * w


def exchange_ms(n, w, algorithm, zeros, bandwidth=BW, per_mb=P_SENT):
    """One all-reduce: the messages (direct: 2(N-1), counted one after another; halving/doubling: 2 log2 N rounds),
    then every MB sent through the task's CPU (`per_mb` ms) and the wire."""
    messages = 2 * (n - 1) * MSG if algorithm == "direct" else 2 * log2(n) * ROUND
    return messages + sent_mb(n, w, algorithm, zeros) * (per_mb + 1 / bandwidth)


def exchange_ms_first_model(n, w, bandwidth=BW):
    """The first model of the direct all-to-all, kept for comparison: 2(N-1) messages at 0.5 ms one after another
    and 3.0 ms per MB of gradients, from two tasks in one JVM."""
    return 2 * (n - 1) / n * w / bandwidth + P * w + 2 * (n - 1) * L


def algorithm_for(n, w):
    """ShardExchange.Algorithm.forExchange's choice: the cheaper on loopback (no wire, no zero rows); halving and
    doubling needs N a power of two."""
    if n < 4 or n & (n - 1):
        return "direct"
    return min(("direct", "halving"), key=lambda a: exchange_ms(n, w, a, 0, bandwidth=math.inf))


# The straggler: a step waits for the slowest of its N shards. Each shard's compute time is taken as normal with a
# coefficient of variation CV around the mean c*b, so the slowest of N is c*b*(1 + CV*m(N)), m(N) the expected
# largest of N standard normals. CV is calibrated on the slowest / mean shard that SparkScalingBenchmark measured
# inside the tasks (SegmentTimes) with 2 and 4 executor JVMs: CV = (slowest / mean - 1) / m(N), averaged.
SLOWEST_OVER_MEAN = {2: 1.06, 4: 1.11}  # IMDB, ND4J, local-cluster, quiet machine, 2026-12-06 04:15 (docs/scaling.md
#                                          "Quiet, across 2 and 4 executor JVMs"; 1.11 / 1.27 under a load of 21-30)


def expected_largest_normal(n):
    """E[max of n standard normals] by Blom's approximation (0.59 for 2, 1.05 for 4, 2.07 for 32; exact: 0.56,
    1.03, 2.07)."""
    return 0.0 if n == 1 else NormalDist().inv_cdf((n - 0.375) / (n + 0.25))


CV_OVERSUBSCRIBED = (sum((s - 1) / expected_largest_normal(n) for n, s in SLOWEST_OVER_MEAN.items())
                     / len(SLOWEST_OVER_MEAN))

# One-core executors (docs/scaling.md "One-core executors"). The quiet figures above came from executor JVMs whose
# engines used both cores each (OpenMP's team and the ND4J backend's Java workers sized by the machine's cores), two
# or four JVMs on 2 cores. SparkScalingBenchmark --engine-threads 0,1 runs both settings one after the other; on the
# quiet machine (2026-12-06 06:43-06:46 UTC, load 2-6, nothing else running; docs/scaling.md "One-core executors,
# quiet") the shards' pooled per-step CV was, engines' default -> one thread each, 0.128 -> 0.136 with 2 executor JVMs
# and 0.089 -> 0.122 with 4: one thread an executor does not make the shards jitter less here. The model takes the
# one-core 2-JVM figures (each JVM with a core of its own, as the model's executors).
CV = CV_OVERSUBSCRIBED
# c and U on ONE core, that run, 2 executor JVMs with one engine thread each: the mean shard of 128 IMDB samples
# computed in 154.2 ms (1.20 ms a sample; with the engines' default 230.3 ms: two JVMs of two threads on two cores are
# slower than two of one), a replica's update 9.70 ms (default: 14.27), the all-reduce 12.37 ms for 5.26 MB sent
# (2.35 ms per MB, both ends on the same 2 cores). NETWORKS' c (0.65 ms/sample) is one shard's computeGradients in the
# driver's JVM with both cores.
C_ONE_CORE_0643 = 154.2 / 128   # ms per sample, IMDB ND4J, one core, before the Conv1D's fold into the Embedding
U_ONE_CORE_0643 = 9.7           # ms of a replica's update on one core
CV_ONE_CORE_0643 = 0.136
# The same command after ND4J folded the first Conv1D into the Embedding's table (docs/engines.md), quiet machine,
# 2026-12-06 08:58-09:01 UTC at 4ef9092 (load 1.7 at its start, up to ~6 from the run itself; docs/scaling.md "After
# the fold"), 2 executor JVMs with one engine thread each: the mean shard of 128 samples 105.0 ms (0.82 ms a sample,
# 0.68x the 06:43 run's), a replica's update 11.99 ms, the all-reduce 11.92 ms for 5.264 MB sent (2.27 ms per MB, both
# ends on the same 2 cores: charged in place of P_SENT, from ExchangeBenchmark, as the measured one), the segment's
# fixed cost 720 ms, the pooled per-step CV 0.134 (4 one-thread JVMs on 2 cores: 0.130).
C_ONE_CORE = 105.0 / 128
U_ONE_CORE = 11.99
P_ONE_CORE = 11.92 / 5.264
F_SEGMENT_ONE_CORE = 720.0
CV_ONE_CORE = 0.134
CV_ONE_CORE_4_JVMS = 0.130
# The same after 160 warm-up steps instead of 20 (09:01-09:04, --engine-threads 1): whether the jitter is the JIT
# still warming up. It is not: the 2-JVM CV 0.154 (4 JVMs: 0.122); mean shard 95.9 ms, update 8.10 ms, all-reduce
# 10.49 ms (1.99 ms per MB), segment's fixed cost 632 ms.
C_ONE_CORE_LONG_WARM_UP = 95.9 / 128
U_ONE_CORE_LONG_WARM_UP = 8.10
P_ONE_CORE_LONG_WARM_UP = 10.49 / 5.264
F_SEGMENT_ONE_CORE_LONG_WARM_UP = 632.0
CV_ONE_CORE_LONG_WARM_UP = 0.154


def slowest_shard(n, cv=CV):
    """The slowest of n shards' compute over the mean shard's."""
    return 1 + cv * expected_largest_normal(n)


def barrier_step(n, b, w, c, segment_cost=F_SEGMENT, epoch=IMDB_EPOCH, bandwidth=BW, algorithm=None,
                 first_model=False, segment_epochs=1, cv=CV, update=U, per_mb=P_SENT):
    """A step inside a segment of `segment_epochs` epochs: the slowest shard's compute, the all-reduce (`per_mb` CPU
    ms per MB a task sends), the update, the segment's share of its start. `cv=0` is the mean shard's compute (no
    straggler)."""
    steps = max(1, math.ceil(epoch / (n * b))) * segment_epochs
    if first_model:
        exchange = exchange_ms_first_model(n, w, bandwidth)
    else:
        exchange = exchange_ms(n, w, algorithm or algorithm_for(n, w), Z_SHARD.get(b, 0), bandwidth, per_mb)
    return c * b * slowest_shard(n, cv) + exchange + update + segment_cost / steps


def barrier_batch_for(target, n, w, c, segment_epochs, **calibration):
    """The fewest samples per executor (a multiple of 64) whose mean compute is `target` of a barrier step, or None
    (the straggler alone caps the efficiency at 1 / slowest_shard(n)). `calibration`: barrier_step's cv, update,
    per_mb, segment_cost."""
    for b in range(64, 65_536, 64):
        if c * b / barrier_step(n, b, w, c, segment_epochs=segment_epochs, **calibration) >= target:
            return b
    return None


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
    print(f"Barrier segments, IMDB ND4J, the slowest shard's compute (CV {CV:.3f}): | executors | batch per executor "
          "| slowest / mean shard | step ms, segments of one epoch | efficiency | segments of 4 epochs | of 16 epochs "
          "| with no segment cost | 16 epochs, mean shard (no straggler) | first model's step ms |")
    w, c, _, _ = NETWORKS["IMDB, ND4J"]
    for n in (2, 4, 8, 32, 128):
        for b in (64, 256, 1024):
            t = barrier_step(n, b, w, c)
            t0 = barrier_step(n, b, w, c, segment_cost=0)
            t4 = barrier_step(n, b, w, c, segment_epochs=4)
            t16 = barrier_step(n, b, w, c, segment_epochs=16)
            t16_mean = barrier_step(n, b, w, c, segment_epochs=16, cv=0)
            print(f"| {n} | {b} | {slowest_shard(n):.2f} | {t:,.0f} | {c * b / t:.0%} | {c * b / t4:.0%} "
                  f"| {c * b / t16:.0%} | {c * b / t0:.0%} | {c * b / t16_mean:.0%} "
                  f"| {barrier_step(n, b, w, c, first_model=True):,.0f} |")
    print()
    print("Samples per executor for 80 %, IMDB ND4J, the slowest shard's compute: | executors | segments of one epoch "
          "| of 4 epochs | of 16 epochs | step ms (16 epochs) | samples/s (16 epochs) |")
    for n in (8, 32, 128):
        found = [barrier_batch_for(0.8, n, w, c, e) for e in (1, 4, 16)]
        b16 = found[-1]
        t16 = barrier_step(n, b16, w, c, segment_epochs=16) if b16 else math.nan
        cells = " | ".join(f"{b:,}" if b else "none" for b in found)
        print(f"| {n} | {cells} | {t16:,.0f} | {n * b16 / t16 * 1000 if b16 else math.nan:,.0f} |")
    print()
    print("One-core executors, IMDB ND4J, segments of 16 epochs, 10 Gb/s: | calibration | c ms/sample | U ms "
          "| all-reduce CPU ms per MB sent | segment's start ms | CV | 8 x 256 | 32 x 256 | 128 x 256 "
          "| batch per executor for 80 % at 8 / 32 / 128 | CV for 80 % at 32 x 256 |")
    after_fold = dict(update=U_ONE_CORE, per_mb=P_ONE_CORE, segment_cost=F_SEGMENT_ONE_CORE, cv=CV_ONE_CORE)
    calibrations = {
        "as before (2-core c and U, CV from slowest / mean)":
            (c, dict(update=U, per_mb=P_SENT, segment_cost=F_SEGMENT, cv=CV)),
        "06:43, one-core, per-step CV of 2 one-thread JVMs (before the fold)":
            (C_ONE_CORE_0643, dict(update=U_ONE_CORE_0643, per_mb=P_SENT, segment_cost=F_SEGMENT,
                                   cv=CV_ONE_CORE_0643)),
        "08:58, after the fold: all from 2 one-thread JVMs (the model's case)": (C_ONE_CORE, after_fold),
        "08:58, c, U and CV only (all-reduce and segment as at 06:43)":
            (C_ONE_CORE, dict(after_fold, per_mb=P_SENT, segment_cost=F_SEGMENT)),
        "08:58, CV of 4 one-thread JVMs on 2 cores": (C_ONE_CORE, dict(after_fold, cv=CV_ONE_CORE_4_JVMS)),
        "09:01, after 160 warm-up steps":
            (C_ONE_CORE_LONG_WARM_UP, dict(update=U_ONE_CORE_LONG_WARM_UP, per_mb=P_ONE_CORE_LONG_WARM_UP,
                                           segment_cost=F_SEGMENT_ONE_CORE_LONG_WARM_UP,
                                           cv=CV_ONE_CORE_LONG_WARM_UP)),
        "08:58, no straggler": (C_ONE_CORE, dict(after_fold, cv=0.0)),
    }

    def efficiency(n, b, cc, calibration):
        return cc * b / barrier_step(n, b, w, cc, segment_epochs=16, **calibration)

    for label, (cc, cal) in calibrations.items():
        shares = " | ".join(f"{efficiency(n, 256, cc, cal):.0%}" for n in (8, 32, 128))
        found = [barrier_batch_for(0.8, n, w, cc, 16, **cal) for n in (8, 32, 128)]
        bound = next((cv / 10_000 for cv in range(3000, -1, -1)
                      if efficiency(32, 256, cc, dict(cal, cv=cv / 10_000)) >= 0.8), None)
        print(f"| {label} | {cc:.2f} | {cal['update']:.1f} | {cal['per_mb']:.2f} | {cal['segment_cost']:.0f} "
              f"| {cal['cv']:.3f} | {shares} | " + " / ".join(f"{b:,}" if b else "none" for b in found)
              + f" | {'none' if bound is None else f'{bound:.4f}'} |")
    print()
    print("The 08:58 calibration's step at 32 x 256, segments of 16 epochs, ms: | mean shard's compute "
          "| the straggler's extra | all-reduce | update | segment's start a step | step | efficiency |")
    t = barrier_step(32, 256, w, C_ONE_CORE, segment_epochs=16, **after_fold)
    t_mean = barrier_step(32, 256, w, C_ONE_CORE, segment_epochs=16, **dict(after_fold, cv=0.0))
    t_no_segment = barrier_step(32, 256, w, C_ONE_CORE, segment_epochs=16, **dict(after_fold, cv=0.0, segment_cost=0))
    compute = C_ONE_CORE * 256
    print(f"| {compute:.1f} | {t - t_mean:.1f} | {t_no_segment - compute - U_ONE_CORE:.1f} | {U_ONE_CORE:.1f} "
          f"| {t_mean - t_no_segment:.1f} | {t:.1f} | {compute / t:.0%} |")
    print()
    print("The 08:58 calibration's efficiency by batch per executor, segments of 16 epochs: | executors "
          "| slowest / mean shard | 128 | 256 | 512 | 1,024 | 4,096 | cap (straggler alone) |")
    for n in (2, 4, 8, 32, 128):
        cells = " | ".join(f"{efficiency(n, b, C_ONE_CORE, after_fold):.0%}" for b in (128, 256, 512, 1024, 4096))
        print(f"| {n} | {slowest_shard(n, CV_ONE_CORE):.2f} | {cells} | {1 / slowest_shard(n, CV_ONE_CORE):.0%} |")
    print()
    print("One all-reduce, ms, 10 Gb/s: | network | executors | direct | halving/doubling | the same, 256-sample "
          "IMDB shards' zero rows off the wire | first model (direct) | chosen |")
    for name, (w, _, _, _) in NETWORKS.items():
        if "ND4J" in name:
            z = Z_SHARD[256] if name.startswith("IMDB") else 0
            for n in (4, 8, 16, 32, 128):
                print(f"| {name} | {n} | {exchange_ms(n, w, 'direct', 0):.1f} | {exchange_ms(n, w, 'halving', 0):.1f} "
                      f"| {exchange_ms(n, w, 'direct', z):.1f} / {exchange_ms(n, w, 'halving', z):.1f} "
                      f"| {exchange_ms_first_model(n, w):.1f} | {algorithm_for(n, w)} |")
