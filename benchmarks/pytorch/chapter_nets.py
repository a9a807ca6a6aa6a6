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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--network", required=True)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
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
    for line in sys.stdin:
        command = line.split()
        if not command:
            continue
        if command[0] == "run":
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
        elif command[0] == "quit":
            return


if __name__ == "__main__":
    main()
