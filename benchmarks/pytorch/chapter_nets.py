#!/usr/bin/env python3
"""The chapter's networks in PyTorch, as a step-timing worker for seqconv's ComparisonBenchmark.

Reference implementations for the speed comparison (docs/benchmarks.md), written to do the same work as the
Keras models: channels-last data transposed once per step to PyTorch's (batch, channels, time) convolutions,
RMSprop with Keras's update (alpha = rho = 0.9, eps = 1e-7 outside the root, as torch.optim.RMSprop), and for
the Conv1D + GRU network a Keras-style GRU: reset_after=True, dropout 0.1 on the inputs and 0.5 on the state
with one mask per gate and sequence (what tf.keras does with recurrent dropout). The variant
`jena-conv-gru-fused` uses torch.nn.GRU instead (cuDNN-style fused kernel, no recurrent dropout), noted
separately since it does less work.

Protocol (stdin/stdout, one line each): prints `ready <startup ms>` once the model is built and has run one
step; then answers `run N` with `times t1,...,tN` (ms per step), `rss` with `rss <peak kB>`, `sgemm` with
`sgemm <GFLOP/s>` (a 2048^3 product), and stops on `quit`.

Serving mode (`--weights FILE.weights.h5 --pool FILE.bin [--onnx FILE.onnx]`, for ServingComparisonBenchmark):
the network for inference (`imdb` or `jena-conv-gru`, the latter with the fused nn.GRU, which computes Keras's
reset_after GRU exactly once dropout is off) with the weights of a seqconv weights file (Keras 3 layout, read
with h5py) mapped into the PyTorch modules, in eval mode under torch.inference_mode; `--onnx` also exports it
with torch.onnx.export (dynamic batch axis) before `ready`. Requests are rows of the pool file (256 samples,
little-endian int32 ids or float32 windows, written by the benchmark). Protocol as above, with `check` →
`check v1,...` (batch-1 outputs of the first 8 samples) and `serve C WARMUP SECONDS` → `served <requests/s> <p50
ms> <p99 ms>`: C Python threads (threading) each sending one-sample requests in a loop; PyTorch's ops release the
GIL, so the threads overlap inside the engine but not in Python code.

Run with Debian's python3-torch (apt-get install python3-torch libopenblas0-openmp): /usr/bin/python3.
"""
import argparse
import sys
import time

START = time.perf_counter()

import torch  # noqa: E402
from torch import nn  # noqa: E402


class ImdbConv1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(10000, 128)
        self.conv1 = nn.Conv1d(128, 32, 7)
        self.pool = nn.MaxPool1d(5)
        self.conv2 = nn.Conv1d(32, 32, 7)
        self.dense = nn.Linear(32, 1)

    def forward(self, ids):
        h = self.embedding(ids).transpose(1, 2)
        h = self.pool(torch.relu(self.conv1(h)))
        h = torch.relu(self.conv2(h))
        return self.dense(h.amax(dim=2))


class JenaConv1d(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(14, 32, 5)
        self.c2 = nn.Conv1d(32, 32, 5)
        self.c3 = nn.Conv1d(32, 32, 5)
        self.pool = nn.MaxPool1d(3)
        self.dense = nn.Linear(32, 1)

    def forward(self, x):
        h = x.transpose(1, 2)
        h = self.pool(torch.relu(self.c1(h)))
        h = self.pool(torch.relu(self.c2(h)))
        h = torch.relu(self.c3(h))
        return self.dense(h.amax(dim=2))


class KerasGru(nn.Module):
    """tf.keras 2.x's GRU with reset_after=True and implementation-1 dropout (per-gate masks per sequence)."""

    def __init__(self, features, units, dropout, recurrent_dropout):
        super().__init__()
        self.units = units
        self.kernel = nn.Parameter(torch.empty(features, 3 * units))
        self.recurrent = nn.Parameter(torch.empty(units, 3 * units))
        self.bias = nn.Parameter(torch.zeros(2, 3 * units))
        nn.init.xavier_uniform_(self.kernel)
        nn.init.orthogonal_(self.recurrent)
        self.dropout = dropout
        self.recurrent_dropout = recurrent_dropout

    def forward(self, x):
        batch, steps, features = x.shape
        u = self.units
        keep_in = 1 - self.dropout
        keep_state = 1 - self.recurrent_dropout
        in_masks = torch.bernoulli(torch.full((3, batch, 1, features), keep_in)) / keep_in
        state_masks = torch.bernoulli(torch.full((3, batch, u), keep_state)) / keep_state
        # the input projections of every step at once, per gate (each gate sees its own masked inputs)
        xs = [(x * in_masks[g]) @ self.kernel[:, g * u:(g + 1) * u] + self.bias[0, g * u:(g + 1) * u]
              for g in range(3)]
        h = x.new_zeros(batch, u)
        for t in range(steps):
            rz = (h * state_masks[0]) @ self.recurrent[:, :u] + self.bias[1, :u]
            rr = (h * state_masks[1]) @ self.recurrent[:, u:2 * u] + self.bias[1, u:2 * u]
            rh = (h * state_masks[2]) @ self.recurrent[:, 2 * u:] + self.bias[1, 2 * u:]
            z = torch.sigmoid(xs[0][:, t] + rz)
            r = torch.sigmoid(xs[1][:, t] + rr)
            candidate = torch.tanh(xs[2][:, t] + r * rh)
            h = z * h + (1 - z) * candidate
        return h


class JenaConvGru(nn.Module):
    def __init__(self, fused):
        super().__init__()
        self.c1 = nn.Conv1d(14, 32, 5)
        self.c2 = nn.Conv1d(32, 32, 5)
        self.pool = nn.MaxPool1d(3)
        self.fused = fused
        self.gru = nn.GRU(32, 32, batch_first=True) if fused else KerasGru(32, 32, 0.1, 0.5)
        self.dense = nn.Linear(32, 1)

    def forward(self, x):
        h = self.pool(torch.relu(self.c1(x.transpose(1, 2))))
        h = torch.relu(self.c2(h)).transpose(1, 2)
        if self.fused:
            out, _ = self.gru(nn.functional.dropout(h, 0.1, self.training))
            last = out[:, -1]
        else:
            last = self.gru(h)
        return self.dense(last)


def workload(network, batch):
    """The model, its loss, optimizer and one batch of random data of the chapter's shapes."""
    if network == "imdb":
        model = ImdbConv1d()
        x = torch.randint(3, 10000, (batch, 500))
        y = torch.randint(0, 2, (batch, 1)).float()
        return model, nn.BCEWithLogitsLoss(), torch.optim.RMSprop(model.parameters(), lr=1e-4, alpha=0.9, eps=1e-7), x, y
    if network == "jena-conv1d":
        model = JenaConv1d()
    elif network in ("jena-conv-gru", "jena-conv-gru-fused"):
        model = JenaConvGru(network.endswith("fused"))
    else:
        raise SystemExit("unknown network " + network)
    x = torch.randn(batch, 240, 14)
    y = torch.randn(batch, 1)
    return model, nn.L1Loss(), torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7), x, y


GATES_KERAS_TO_TORCH = (1, 0, 2)  # Keras's z, r, h blocks → PyTorch's r, z, n


def keras_weights(path):
    """{layer group: [its weights in declared order]} from a weights file in Keras 3's layout, where a
    recurrent layer keeps its weights under cell/vars and weightless layers have an empty vars group."""
    import h5py
    with h5py.File(path, "r") as f:
        weights = {}
        for name, group in f["layers"].items():
            holder = group["cell"] if "cell" in group and len(group["cell"]["vars"]) else group
            values = [torch.from_numpy(holder["vars"][str(i)][()]) for i in range(len(holder["vars"]))]
            if values:
                weights[name] = values
        return weights


def layers_of(weights, kind):
    """The weights of the layers named `kind`, `kind_1`, `kind_2`, ... in that (model) order."""
    names = [n for n in weights if n == kind or (n.startswith(kind + "_") and n[len(kind) + 1:].isdigit())]
    return [weights[n] for n in sorted(names, key=lambda n: 0 if n == kind else int(n[len(kind) + 1:]))]


def gates_to_torch(w, units):
    """A Keras GRU matrix (in, 3·units) or bias (3·units,) in z, r, h order → PyTorch's (3·units, ...) r, z, n."""
    blocks = w.T.reshape(3, units, *w.shape[:-1]) if w.dim() == 2 else w.reshape(3, units)
    return torch.cat([blocks[g] for g in GATES_KERAS_TO_TORCH])


def inference_model(network, weights):
    """The network with the seqconv model's weights: Conv1D (k, C, F) → (F, C, k), Dense (in, out) → (out, in)."""
    def conv(module, w):
        module.weight.copy_(w[0].permute(2, 1, 0))
        module.bias.copy_(w[1])

    def dense(module, w):
        module.weight.copy_(w[0].T)
        module.bias.copy_(w[1])

    with torch.no_grad():
        if network == "imdb":
            model = ImdbConv1d()
            model.embedding.weight.copy_(layers_of(weights, "embedding")[0][0])
            convs = [model.conv1, model.conv2]
        elif network == "jena-conv-gru":
            model = JenaConvGru(fused=True)
            kernel, recurrent, bias = layers_of(weights, "gru")[0]
            units = recurrent.shape[0]
            model.gru.weight_ih_l0.copy_(gates_to_torch(kernel, units))
            model.gru.weight_hh_l0.copy_(gates_to_torch(recurrent, units))
            model.gru.bias_ih_l0.copy_(gates_to_torch(bias[0], units))
            model.gru.bias_hh_l0.copy_(gates_to_torch(bias[1], units))
            convs = [model.c1, model.c2]
        else:
            raise SystemExit("no serving network " + network)
        for module, w in zip(convs, layers_of(weights, "conv1d"), strict=True):
            conv(module, w)
        dense(model.dense, layers_of(weights, "dense")[0])
    return model.eval()


def serve_clients(predict, pool, clients, seconds):
    """`clients` threads sending one-sample requests for `seconds`: (requests/s, latencies in ms)."""
    import threading
    latencies = [[] for _ in range(clients)]
    start = threading.Barrier(clients + 1)

    def client(c):
        start.wait()
        n = 0
        while time.perf_counter() < end:
            i = (c * 31 + n) % (len(pool) - 1)
            t = time.perf_counter()
            predict(pool[i:i + 1])
            latencies[c].append((time.perf_counter() - t) * 1000)
            n += 1

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    begin = time.perf_counter()
    end = begin + seconds
    start.wait()
    for thread in threads:
        thread.join()
    every = sorted(l for each in latencies for l in each)
    return len(every) / (time.perf_counter() - begin), every


def percentile(values, p):
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def serve(args):
    import numpy
    model = inference_model(args.network, keras_weights(args.weights))
    if args.network == "imdb":
        pool = torch.from_numpy(numpy.fromfile(args.pool, dtype="<i4").reshape(-1, 500).astype("int64"))
    else:
        pool = torch.from_numpy(numpy.fromfile(args.pool, dtype="<f4").reshape(-1, 240, 14))

    def predict(x):
        with torch.inference_mode():
            return model(x)

    if args.onnx:
        torch.onnx.export(model, pool[:1], args.onnx, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=14)
    predict(pool[:1])
    print("ready %.0f" % ((time.perf_counter() - START) * 1000), flush=True)
    return predict, pool


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--network", required=True)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--weights", help="serving mode: a seqconv weights file")
    parser.add_argument("--pool", help="serving mode: the requests' samples")
    parser.add_argument("--onnx", help="serving mode: export the network to this ONNX file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.weights:
        try:
            predict, pool = serve(args)
        except Exception as e:  # noqa: BLE001 - the benchmark shows the reason
            print("error %s: %s" % (type(e).__name__, str(e).replace("\n", " ")), flush=True)
            raise
        answer(args, None, predict, pool)
        return
    torch.manual_seed(1)
    model, loss_fn, optimizer, x, y = workload(args.network, args.batch)
    model.train()

    def step():
        t = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return (time.perf_counter() - t) * 1000

    step()
    print("ready %.0f" % ((time.perf_counter() - START) * 1000), flush=True)
    answer(args, step, None, None)


def answer(args, step, predict, pool):
    """The protocol's loop: training commands with `step`, serving ones with `predict` over `pool`."""
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        if command[0] == "run" and step:
            print("times " + ",".join("%.3f" % step() for _ in range(int(command[1]))), flush=True)
        elif command[0] == "rss":
            with open("/proc/self/status") as status:
                peak = next(l for l in status if l.startswith("VmHWM")).split()[1]
            print("rss " + peak, flush=True)
        elif command[0] == "sgemm":
            a = torch.rand(2048, 2048)
            b = torch.rand(2048, 2048)
            for _ in range(3):
                a @ b
            t = time.perf_counter()
            for _ in range(10):
                a @ b
            print("sgemm %.1f" % (2 * 2048 ** 3 / ((time.perf_counter() - t) / 10) / 1e9), flush=True)
        elif command[0] == "check" and predict:
            values = [v for i in range(8) for v in predict(pool[i:i + 1]).flatten().tolist()]
            print("check " + ",".join("%.8g" % v for v in values), flush=True)
        elif command[0] == "serve" and predict:
            clients, warmup, seconds = int(command[1]), float(command[2]), float(command[3])
            serve_clients(predict, pool, clients, warmup)
            rate, latencies = serve_clients(predict, pool, clients, seconds)
            print("served %.1f %.4f %.4f" % (rate, percentile(latencies, 0.5), percentile(latencies, 0.99)),
                  flush=True)
        elif command[0] == "quit":
            return
        else:
            print("error unknown command " + command[0], flush=True)


if __name__ == "__main__":
    main()
