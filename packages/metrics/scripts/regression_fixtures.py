"""Regenerates test/fixtures/regression.json: scikit-learn's regression metrics on small arrays.

Run with Debian's scikit-learn 1.2.1 (apt-get install python3-sklearn):
    /usr/bin/python3 packages/metrics/scripts/regression_fixtures.py > packages/metrics/test/fixtures/regression.json
The tests never need Python; they read the committed JSON.
"""
import json

import numpy as np
import sklearn
from sklearn.metrics import explained_variance_score, mean_absolute_error, mean_squared_error, r2_score

rng = np.random.RandomState(3)
y_rand = rng.normal(size=(40, 3)) * [1.0, 10.0, 0.1] + [0.0, 5.0, -2.0]
p_rand = y_rand + rng.normal(size=(40, 3)) * [0.5, 3.0, 0.2]
cases = {
    "docs-1d": ([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]),
    "docs-2d": ([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]),
    "constant-perfect": ([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
    "constant-imperfect": ([2.0, 2.0, 2.0], [2.0, 2.5, 1.0]),
    "constant-column": ([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]], [[1.5, 0.2], [1.0, 1.1], [0.5, 1.7]]),
    "random-40x3": (y_rand.round(6).tolist(), p_rand.round(6).tolist()),
}
out = {"sklearn": sklearn.__version__, "cases": {}}
for name, (t, p) in cases.items():
    t, p = np.asarray(t, dtype=float), np.asarray(p, dtype=float)
    entry = {"yTrue": t.ravel().tolist(), "yPred": p.ravel().tolist(), "outputs": 1 if t.ndim == 1 else t.shape[1]}
    for mo in ["raw_values", "uniform_average"]:
        entry[mo] = {
            "mae": np.atleast_1d(mean_absolute_error(t, p, multioutput=mo)).tolist(),
            "mse": np.atleast_1d(mean_squared_error(t, p, multioutput=mo)).tolist(),
            "rmse": np.atleast_1d(mean_squared_error(t, p, multioutput=mo, squared=False)).tolist(),
            "r2": np.atleast_1d(r2_score(t, p, multioutput=mo)).tolist(),
            "ev": np.atleast_1d(explained_variance_score(t, p, multioutput=mo)).tolist(),
        }
    entry["variance_weighted"] = {
        "r2": float(r2_score(t, p, multioutput="variance_weighted")),
        "ev": float(explained_variance_score(t, p, multioutput="variance_weighted")),
    }
    out["cases"][name] = entry
print(json.dumps(out, indent=1))
