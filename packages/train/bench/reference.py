#!/usr/bin/python3
"""Reference timings for `pnpm bench`: the same networks, data, batch sizes and epochs trained
with PyTorch (float32, one thread — OMP/OpenBLAS/MKL pinned to 1 as well, Keras initialisation and optimizer settings) and with
scikit-learn's MLPClassifier (float64), so docs/benchmarks.md can put mlpkit next to them.

Never needed by tests. Uses Debian's packages:

    apt-get install -y python3-torch python3-sklearn
    node packages/train/dist/bench/cli.js --export-data /tmp/mlpkit-bench   # the data + specs
    /usr/bin/python3 packages/train/bench/reference.py /tmp/mlpkit-bench [--cases a,b] [--epochs N]

Per case it prints the median wall time of one epoch (after a warm-up epoch), its CPU time
(time.process_time: less sensitive to other load on the machine), the achieved
GFLOP/s (the same dense matrix-product FLOP count as the bench, see epochFlops in src/cost.ts)
and the whole run (the experiment's epochs). scikit-learn has no RMSprop: spirals-3x12 (rmsprop
in Keras) runs with its adam there, noted in the output.
"""
import os

# One thread everywhere, set before numpy/torch load their BLAS/OpenMP runtimes:
# torch.set_num_threads(1) alone leaves OpenBLAS (numpy, scikit-learn) and OpenMP pools running
# (CPU time ≈ 2× wall was measured that way). Override by exporting the variables yourself.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse
import json
import statistics
import sys
import time
import warnings

import numpy as np


def load(directory, case):
    data = np.loadtxt(os.path.join(directory, f"{case['id']}.csv"), delimiter=",", skiprows=1, dtype=np.float64)
    return data[:, :-1], data[:, -1].astype(np.int64)


# ---- PyTorch ---------------------------------------------------------------------------------


def torch_model(spec):
    import torch
    from torch import nn

    layers = []
    width = spec["input"]
    acts = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "linear": None}
    for layer in spec["layers"]:
        dense = nn.Linear(width, layer["units"])
        # Keras defaults: glorot_uniform kernel, zero bias.
        nn.init.xavier_uniform_(dense.weight)
        nn.init.zeros_(dense.bias)
        layers.append(dense)
        if layer["activation"] == "softmax":
            layers.append(nn.Softmax(dim=1))
        elif acts[layer["activation"]] is not None:
            layers.append(acts[layer["activation"]]())
        width = layer["units"]
    return nn.Sequential(*layers)


def torch_optimizer(params, spec):
    import torch

    o = spec["compile"]["optimizer"]
    lr = o.get("learningRate", 0.001 if o["name"] != "sgd" else 0.01)
    if o["name"] == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)), eps=o.get("epsilon", 1e-7))
    if o["name"] == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, alpha=o.get("rho", 0.9), eps=o.get("epsilon", 1e-7))
    if o["name"] == "adagrad":
        return torch.optim.Adagrad(params, lr=lr, initial_accumulator_value=0.1, eps=1e-7)
    return torch.optim.SGD(params, lr=lr, momentum=o.get("momentum", 0.0))


def torch_epochs(case, x, y, epochs):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    spec = case["spec"]
    model = torch_model(spec)
    opt = torch_optimizer(model.parameters(), spec)
    loss_name = spec["compile"]["loss"]
    units = spec["layers"][-1]["units"]
    xs = torch.tensor(x, dtype=torch.float32)
    if units == 1:
        ts = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    else:
        ts = torch.nn.functional.one_hot(torch.tensor(y), units).to(torch.float32)
    eps = 1e-7

    def loss_fn(p, t):
        p = p.clamp(eps, 1 - eps)
        if loss_name == "binaryCrossentropy":
            return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()
        if loss_name in ("categoricalCrossentropy", "sparseCategoricalCrossentropy"):
            return -(t * torch.log(p)).sum(dim=1).mean()
        return ((p - t) ** 2).mean()

    n = xs.shape[0]
    bs = case["batchSize"]
    times = []
    cpu = []
    generator = torch.Generator().manual_seed(0)
    for _ in range(epochs):
        t0 = time.perf_counter()
        c0 = time.process_time()
        perm = torch.randperm(n, generator=generator)
        xp, tp = xs[perm], ts[perm]
        for start in range(0, n, bs):
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xp[start : start + bs]), tp[start : start + bs])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return times, cpu


# ---- scikit-learn ----------------------------------------------------------------------------


def sklearn_run(case, x, y, epochs):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    spec = case["spec"]
    hidden = spec["layers"][:-1]
    acts = {layer["activation"] for layer in hidden}
    if len(acts) != 1 or next(iter(acts)) not in ("relu", "tanh", "logistic", "sigmoid"):
        return None, "mixed or unsupported hidden activations"
    act = next(iter(acts))
    o = spec["compile"]["optimizer"]
    note = ""
    solver = "adam" if o["name"] in ("adam", "rmsprop", "adagrad") else "sgd"
    if o["name"] != solver:
        note = f"{o['name']} → adam"
    clf = MLPClassifier(
        hidden_layer_sizes=tuple(layer["units"] for layer in hidden),
        activation="logistic" if act == "sigmoid" else act,
        solver=solver,
        alpha=0.0,
        batch_size=case["batchSize"],
        learning_rate_init=o.get("learningRate", 0.001),
        max_iter=epochs,
        shuffle=True,
        random_state=0,
        tol=0.0,
        n_iter_no_change=10**9,
        epsilon=1e-7,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t0 = time.perf_counter()
        c0 = time.process_time()
        clf.fit(x, y)
        total = time.perf_counter() - t0
        total_cpu = time.process_time() - c0
    return (total / epochs, total_cpu / epochs), note


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", help="output of `node dist/bench/cli.js --export-data DIR`")
    parser.add_argument("--cases", help="comma-separated case ids (default: all)")
    parser.add_argument("--epochs", type=int, default=4, help="epochs timed per engine (after 1 warm-up; default 4)")
    args = parser.parse_args()
    with open(os.path.join(args.directory, "cases.json")) as f:
        cases = json.load(f)
    if args.cases:
        wanted = args.cases.split(",")
        cases = [c for c in cases if c["id"] in wanted]
    import sklearn
    import torch

    print(f"reference: python {sys.version.split()[0]}, PyTorch {torch.__version__} (1 thread, float32), scikit-learn {sklearn.__version__} (float64), numpy {np.__version__}")
    print(f"{'case':<14} {'engine':<30} {'ms/epoch':>10} {'cpu ms':>10} {'GFLOP/s':>8} {'whole run':>10}")
    for case in cases:
        x, y = load(args.directory, case)
        flops = case["epochFlops"]
        times, cpu = torch_epochs(case, x, y, 1 + args.epochs)
        ms = statistics.median(times[1:]) * 1000
        cms = statistics.median(cpu[1:]) * 1000
        print(f"{case['id']:<14} {'pytorch (1 thread)':<30} {ms:>10.2f} {cms:>10.2f} {flops / ms / 1e6:>8.2f} {ms * case['epochs'] / 1000:>9.2f}s")
        per_epoch, note = sklearn_run(case, x, y, case["epochs"] if case["epochs"] * case["rows"] <= 400_000 else max(2, args.epochs))
        if per_epoch is None:
            print(f"{case['id']:<14} {'scikit-learn':<30} {'—':>10} ({note})")
        else:
            ms, cms = per_epoch[0] * 1000, per_epoch[1] * 1000
            label = "scikit-learn" + (f" ({note})" if note else "")
            print(f"{case['id']:<14} {label:<30} {ms:>10.2f} {cms:>10.2f} {flops / ms / 1e6:>8.2f} {ms * case['epochs'] / 1000:>9.2f}s")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
