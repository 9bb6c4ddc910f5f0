"""Reference values for NaiveBayesReferenceTest, computed with scikit-learn 1.9.1 in float64 on the real datasets
in ml-core/src/test/resources/data.

Classes are indexed in sorted order (strings alphabetically, numbers numerically), as the test indexes them.
- multinomial / bernoulli: MultinomialNB / BernoulliNB(binarize=None) with alpha=1, force_alpha=True and
  class_prior=(W_c + 1) / (W + K): Spark's (and Ember's) smoothed prior; scikit-learn's default prior is
  unsmoothed. Bernoulli runs on digits binarized as min(pixel, 1).
- complement: ComplementNB(alpha=1, force_alpha=True, norm=False).
- gaussian: GaussianNB(var_smoothing=1e-9). With sample weights, Ember's (and Spark's) variance floor is 1e-9
  times the largest *weighted* feature variance while scikit-learn's uses the unweighted one: the weighted case
  passes var_smoothing scaled so that both floors are equal.
Recorded: the log priors, theta (and the variances), and the probabilities of every 7th row.

Run from the repository root (the reference venv, see README.md):
  .venv-reference/bin/python ml-algorithms/src/test/resources/reference/naive_bayes_references.py
"""
import csv
import json
import pathlib

import numpy as np
import sklearn
from sklearn.naive_bayes import BernoulliNB, ComplementNB, GaussianNB, MultinomialNB

root = pathlib.Path(__file__).resolve().parents[5]
data_dir = root / "ml-core/src/test/resources/data"
out_dir = pathlib.Path(__file__).parent

DATASETS = [("iris.csv", "species"), ("wine.csv", "cultivar"), ("glass.csv", "Type"), ("vehicle.csv", "Class"),
            ("breast_cancer.csv", "diagnosis"), ("digits.csv", "digit")]


def load(name, label):
    with open(data_dir / name, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = [c for c in header if c != label]
    x = np.array([[float(r[header.index(c)]) for c in columns] for r in body], dtype=np.float64)
    raw = [r[header.index(label)] for r in body]
    try:
        classes = sorted({float(v) for v in raw})
        y = np.array([classes.index(float(v)) for v in raw])
        classes = [v for v in classes]
        numeric = True
    except ValueError:
        classes = sorted(set(raw))
        y = np.array([classes.index(v) for v in raw])
        numeric = False
    return columns, x, y, classes, numeric


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def smoothed_prior(y, w, k):
    wc = np.bincount(y, weights=w, minlength=k)
    return (wc + 1.0) / (wc.sum() + k)


def record(model, x, kind):
    rows = list(range(0, len(x), 7))
    out = {"probabilities": [floats(p) for p in model.predict_proba(x[rows])], "rows": rows}
    if kind == "gaussian":
        out["pi"] = floats(np.log(model.class_prior_))
        out["theta"] = [floats(r) for r in model.theta_]
        out["sigma"] = [floats(r) for r in model.var_]
    else:
        out["pi"] = floats(model.class_log_prior_)
        out["theta"] = [floats(r) for r in model.feature_log_prob_]
    return out


def fit(kind, x, y, k, w=None, var_smoothing=1e-9):
    if kind == "multinomial":
        m = MultinomialNB(alpha=1.0, force_alpha=True, class_prior=smoothed_prior(y, w, k))
    elif kind == "bernoulli":
        m = BernoulliNB(alpha=1.0, force_alpha=True, binarize=None, class_prior=smoothed_prior(y, w, k))
    elif kind == "complement":
        m = ComplementNB(alpha=1.0, force_alpha=True, norm=False)
    else:
        m = GaussianNB(var_smoothing=var_smoothing)
    return m.fit(x, y, sample_weight=w)


def main():
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "datasets": {}}
    for name, label in DATASETS:
        columns, x, y, classes, numeric = load(name, label)
        k = len(classes)
        entry = {"columns": columns, "label": label, "classes": classes, "numericLabel": numeric}
        for kind in ["multinomial", "complement", "gaussian"]:
            entry[kind] = record(fit(kind, x, y, k), x, kind)
        if name == "digits.csv":
            xb = np.minimum(x, 1.0)
            entry["bernoulli"] = record(fit("bernoulli", xb, y, k), xb, "bernoulli")
        out["datasets"][name] = entry
    columns, x, y, classes, _ = load("iris.csv", "species")
    w = x[:, columns.index("sepal_width")]
    mean = np.average(x, axis=0, weights=w)
    weighted_max = (np.average((x - mean) ** 2, axis=0, weights=w)).max()
    scale = weighted_max / np.var(x, axis=0).max()
    out["weighted_iris"] = {"weight": "sepal_width",
                            "multinomial": record(fit("multinomial", x, y, 3, w), x, "multinomial"),
                            "gaussian": record(fit("gaussian", x, y, 3, w, 1e-9 * scale), x, "gaussian")}
    with open(out_dir / "naive_bayes_references.json", "w") as f:
        json.dump(out, f)


main()
