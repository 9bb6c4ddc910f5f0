"""Reference values for the feature transformer tests (MinMaxScalerTest, MaxAbsScalerTest, NormalizerTest,
ImputerTest, BucketizerTest, QuantileDiscretizerTest, PCATest), computed with numpy in float64 on the real
datasets in ml-core/src/test/resources/data.

Conventions, as Spark ML's (and so Ember's):
- quantiles (QuantileDiscretizer splits, Imputer median) are the exact "inverted CDF" quantile, the value of
  1-based rank ceil(p * n) among the sorted values: Spark's approxQuantile with relativeError 0 and numpy's
  quantile(method="inverted_cdf"). Both formulas are computed here and checked to agree. numpy's median (the
  mean of the two middle values for even n) is recorded too, for contrast;
- the Imputer mode is the most frequent value, the smallest among ties;
- PCA: eigh of the sample covariance (ddof=1), components by decreasing eigenvalue, each component's sign
  flipped so that its largest-magnitude entry is positive; explained variance = eigenvalue / sum of eigenvalues;
  projections are x . pc, not centered.

Run from the repository root:  .venv/bin/python ml-algorithms/src/test/resources/reference/feature_transformers.py
"""
import csv
import json
import math
import pathlib

import numpy as np

root = pathlib.Path(__file__).resolve().parents[5]
data_dir = root / "ml-core/src/test/resources/data"
out_dir = pathlib.Path(__file__).parent


def load(name, columns=None):
    with open(data_dir / name, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    if columns is None:
        columns = []
        for i, c in enumerate(header):
            try:
                [float(r[i]) for r in body]
                columns.append(c)
            except ValueError:
                pass
    x = np.array([[float(r[header.index(c)]) for c in columns] for r in body], dtype=np.float64)
    return columns, x


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def spark_quantile(sorted_values, p):
    n = len(sorted_values)
    rank = math.ceil(p * n)
    return float(sorted_values[max(0, min(n, rank) - 1)])


def quantile(values, p):
    s = np.sort(values)
    a = spark_quantile(s, p)
    b = float(np.quantile(s, p, method="inverted_cdf"))
    assert a == b, (p, a, b)
    return a


def mode(values):
    uniq, counts = np.unique(values, return_counts=True)
    return float(uniq[np.argmax(counts)])


def write(name, obj):
    obj = {"numpy": np.__version__, **obj}
    (out_dir / name).write_text(json.dumps(obj, indent=1) + "\n")
    print("wrote", out_dir / name)


def scalers():
    wine_cols, wine = load("wine.csv")
    lo, hi = wine.min(axis=0), wine.max(axis=0)
    maxabs = np.maximum(np.abs(lo), np.abs(hi))
    ion_cols, ion = load("ionosphere.csv")
    ilo, ihi = ion.min(axis=0), ion.max(axis=0)
    const = ilo == ihi
    rng = np.where(const, 1.0, ihi - ilo)
    ion01 = np.where(const, 0.5, (ion - ilo) / rng)
    imaxabs = np.maximum(np.abs(ilo), np.abs(ihi))
    iris_cols, iris = load("iris.csv")
    norms = {}
    for name, p in (("1", 1), ("2", 2), ("3", 3), ("Infinity", np.inf)):
        n = np.linalg.norm(iris, ord=p, axis=1, keepdims=True)
        norms[name] = [floats(r) for r in (iris / n)[:5]]
    write("scalers_wine_ionosphere_iris.json", {
        "wine": {"columns": wine_cols, "rows": int(wine.shape[0]), "min": floats(lo), "max": floats(hi),
                 "minmax_minus1_1_first5": [floats(r) for r in ((wine - lo) / (hi - lo) * 2.0 - 1.0)[:5]],
                 "maxAbs": floats(maxabs), "maxabs_scaled_first5": [floats(r) for r in (wine / maxabs)[:5]]},
        "ionosphere": {"columns": ion_cols, "rows": int(ion.shape[0]), "min": floats(ilo), "max": floats(ihi),
                       "constant_columns": [c for c, k in zip(ion_cols, const) if k],
                       "minmax_0_1_first5": [floats(r) for r in ion01[:5]], "maxAbs": floats(imaxabs)},
        "iris": {"columns": iris_cols, "normalized_first5": norms},
    })


def imputer():
    cols = ["glucose", "pressure", "triceps", "insulin", "mass"]
    _, x = load("pima_indians_diabetes.csv", cols)
    out = {}
    for j, c in enumerate(cols):
        v = x[:, j][x[:, j] != 0]
        out[c] = {"n_present": int(v.size), "n_missing": int((x[:, j] == 0).sum()), "mean": float(v.mean()),
                  "median_lower": quantile(v, 0.5), "numpy_median": float(np.median(v)), "mode": mode(v)}
    write("imputer_pima.json", {"dataset": "pima_indians_diabetes.csv", "missingValue": 0, "columns": out})


def discretizer():
    cases = []
    for name, col, buckets in (("diabetes.csv", "bmi", 4), ("diabetes.csv", "bmi", 10),
                               ("iris.csv", "petal_length", 5), ("digits.csv", "p2", 8),
                               ("digits.csv", "p2", 20)):
        _, x = load(name, [col])
        v = x[:, 0]
        q = [quantile(v, i / buckets) for i in range(buckets + 1)]
        q[0], q[-1] = -math.inf, math.inf
        splits = sorted(set(0.0 if s == 0 else s for s in q))
        idx = np.searchsorted(np.array(splits), v, side="right") - 1
        idx[v == splits[-1]] = len(splits) - 2
        counts = np.bincount(idx, minlength=len(splits) - 1)
        cases.append({"dataset": name, "quantiles_before_dedup": len(q), "column": col, "numBuckets": buckets,
                      "splits": [("-Infinity" if s == -math.inf else "Infinity" if s == math.inf else s)
                                 for s in splits],
                      "bucket_counts": [int(c) for c in counts], "first10": [int(i) for i in idx[:10]]})
    write("quantile_discretizer.json", {"cases": cases})


def pca():
    out = {}
    for name, k in (("iris.csv", 2), ("digits.csv", 5)):
        cols, x = load(name)
        if name == "digits.csv":
            cols = cols[:-1]
            x = x[:, :-1]
        cov = np.cov(x, rowvar=False, ddof=1)
        w, v = np.linalg.eigh(cov)
        order = np.argsort(-np.abs(w))
        w, v = np.abs(w[order]), v[:, order]
        for c in range(v.shape[1]):
            at = int(np.argmax(np.abs(v[:, c])))
            if v[at, c] < 0:
                v[:, c] = -v[:, c]
        pc = v[:, :k]
        out[name] = {"columns": cols, "k": k, "rows": int(x.shape[0]), "eigenvalues": floats(w[:k]),
                     "explainedVariance": floats(w[:k] / w.sum()), "pc": [floats(r) for r in pc],
                     "projected_first5": [floats(r) for r in (x[:5] @ pc)],
                     "eigengaps": floats(np.diff(w[:k + 1]))}
    write("pca_iris_digits.json", out)


scalers()
imputer()
discretizer()
pca()
