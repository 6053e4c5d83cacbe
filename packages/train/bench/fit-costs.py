#!/usr/bin/python3
"""Fits ENGINE_COSTS (src/cost.ts) to calibrate.mjs measurements. Never needed by tests.

    /usr/bin/python3 packages/train/bench/fit-costs.py packages/train/bench/calibration-*.jsonl

Per engine, a non-negative least-squares fit on relative error (rows weighted by 1/measured) of
the per-step CPU time to the cost model's terms — 1, layers, params, batch rows, units·rows,
matrix-product FLOPs, and the FLOPs of products whose activation matrix b·max(in, out) holds at
least 2^20 values (the cache spill). Prints each engine's constants in ENGINE_COSTS's units
(µs, ns, GFLOP/s; `gflopsLarge` is the combined rate of spilled products) and the range of
predicted/measured over its rows. Needs numpy and scipy (Debian: python3-scipy).
"""
import json
import sys

import numpy as np
from scipy.optimize import nnls

SPILL = 2**20

rows = []
for path in sys.argv[1:]:
    for line in open(path):
        r = json.loads(line)
        if not r.get("header"):
            rows.append(r)


def terms(r):
    sizes = [r.get("input", 2)] + [r["w"]] * r["depth"] + [1]
    b = r["b"]
    layers = len(sizes) - 1
    params = sum(sizes[i] * sizes[i + 1] + sizes[i + 1] for i in range(layers))
    flops = [2 * sizes[i] * sizes[i + 1] * (3 if i > 0 else 2) * b for i in range(layers)]
    spilled = sum(f for i, f in enumerate(flops) if b * max(sizes[i], sizes[i + 1]) >= SPILL)
    return [1, layers, params / 1e3, b / 1e3, b * sum(sizes[1:]) / 1e3, sum(flops) / 1e3, spilled / 1e3]


for engine in ["fused", "fused-exact", "wasm", "cpu"]:
    measured = [r for r in rows if engine in r]
    if not measured:
        continue
    X = np.array([terms(r) for r in measured], float)
    y = np.array([r[engine]["cpu"] * 1000 for r in measured])  # µs per step
    theta, _ = nnls(X / y[:, None], np.ones(len(y)))
    ratio = (X @ theta) / y
    inv = lambda v: float("inf") if v <= 0 else 1 / v
    gflops = inv(theta[5])
    large = inv(theta[5] + theta[6])
    print(
        f"{engine}: {{ stepUs: {theta[0]:.3g}, layerUs: {theta[1]:.3g}, paramNs: {theta[2]:.3g}, rowNs: {theta[3]:.3g}, "
        f"unitRowNs: {theta[4]:.3g}, gflops: {gflops:.3g}, gflopsLarge: {large:.3g} }}  "
        f"// {len(y)} steps, predicted/measured {ratio.min():.2f}–{ratio.max():.2f}, median {np.median(ratio):.2f}"
    )
