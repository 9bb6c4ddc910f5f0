"""Reference values for the clustering tests (KMeansReferenceTest, ClusteringEvaluatorTest), computed with
scikit-learn 1.9.1 and numpy in float64 on the real datasets in ml-core/src/test/resources/data.

- k-means: sklearn.cluster.KMeans(algorithm="lloyd", n_init=1, tol=0, max_iter=300) from k initial centers that
  are rows drawn by numpy's default_rng(20261205) (recorded), optionally with sample_weight; Ember runs with
  maxIter 300 and tol 0 from the same centers. Both stop at the fixed point (the assignment no longer changes).
- cosine k-means: Spark's CosineDistanceMeasure algorithm written in numpy (rows scaled to unit length, centers
  the normalized mean of their unit rows, a cluster without rows keeps its center; the cost is the sum of
  1 - cos), iterated to the fixed point; scikit-learn has no cosine k-means.
- Gaussian mixture: sklearn.mixture.GaussianMixture(covariance_type="full", tol=0, reg_covar=0 (1e-6 on
  digits, whose constant pixels make covariances singular), n_init=1) for a fixed number of EM iterations from
  weights 1/k, the k-means start rows as means and the diagonal of the features' variance (plus reg_covar) as every covariance;
  the log-likelihood recorded is score(X) * n at the final parameters.
- silhouette: sklearn.metrics.silhouette_score with metric="sqeuclidean" (Spark's squaredEuclidean) and
  metric="cosine", for the datasets' own class labels taken as cluster ids.

Run from the repository root (the reference venv, see README.md):
  .venv-reference/bin/python ml-algorithms/src/test/resources/reference/clustering_references.py
"""
import csv
import json
import pathlib

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.mixture import GaussianMixture

root = pathlib.Path(__file__).resolve().parents[5]
data_dir = root / "ml-core/src/test/resources/data"
out_dir = pathlib.Path(__file__).parent

# dataset, label column (not a feature), k
DATASETS = [
    ("iris.csv", "species", 3),
    ("wine.csv", "cultivar", 3),
    ("glass.csv", "Type", 6),
    ("vehicle.csv", "Class", 4),
    ("breast_cancer.csv", "diagnosis", 2),
    ("digits.csv", "digit", 10),
]


def load(name, label):
    with open(data_dir / name, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = [c for c in header if c != label]
    x = np.array([[float(r[header.index(c)]) for c in columns] for r in body], dtype=np.float64)
    y = [r[header.index(label)] for r in body]
    return columns, x, y


def floats(a):
    return [float(v) for v in np.asarray(a).ravel()]


def start_rows(x, k, rng):
    # k distinct rows
    while True:
        idx = rng.choice(len(x), size=k, replace=False)
        if len({tuple(r) for r in x[idx]}) == k:
            return [int(i) for i in idx]


def spherical(x, centers, max_iter=300):
    u = x / np.linalg.norm(x, axis=1, keepdims=True)
    c = centers / np.linalg.norm(centers, axis=1, keepdims=True)
    labels = None
    for it in range(1, max_iter + 1):
        sq = ((u[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        new = sq.argmin(axis=1)
        sums = np.zeros_like(c)
        np.add.at(sums, new, u)
        nc = c.copy()
        for j in range(len(c)):
            if (new == j).any():
                nc[j] = sums[j] / np.linalg.norm(sums[j])
        moved = not np.array_equal(nc, c)
        c = nc
        labels = new
        if not moved:
            break
    sq = ((u[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
    labels = sq.argmin(axis=1)
    cost = float((1 - (u * c[labels]).sum(axis=1)).sum())
    return c, cost, labels, it


def main():
    rng = np.random.default_rng(20261205)
    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "kmeans": {}, "cosine": {}, "silhouette": {}}
    for name, label, k in DATASETS:
        columns, x, y = load(name, label)
        idx = start_rows(x, k, rng)
        km = KMeans(n_clusters=k, init=x[idx], n_init=1, tol=0.0, max_iter=300, algorithm="lloyd").fit(x)
        entry = {"columns": columns, "k": k, "startRows": idx, "startCenters": [floats(r) for r in x[idx]],
                 "centers": [floats(r) for r in km.cluster_centers_], "cost": float(km.inertia_),
                 "iterations": int(km.n_iter_), "sizes": [int(v) for v in np.bincount(km.labels_, minlength=k)]}
        out["kmeans"][name] = entry
        classes = sorted(set(y))
        ids = np.array([classes.index(v) for v in y])
        out["silhouette"][name] = {"columns": columns, "label": label, "classes": classes,
                                   "squaredEuclidean": float(silhouette_score(x, ids, metric="sqeuclidean")),
                                   "cosine": float(silhouette_score(x, ids, metric="cosine"))}
    # weighted: iris with sample_weight = sepal_width
    columns, x, _ = load("iris.csv", "species")
    idx = out["kmeans"]["iris.csv"]["startRows"]
    km = KMeans(n_clusters=3, init=x[idx], n_init=1, tol=0.0, max_iter=300, algorithm="lloyd").fit(
        x, sample_weight=x[:, 1])
    out["weighted_iris"] = {"weight": "sepal_width", "centers": [floats(r) for r in km.cluster_centers_],
                            "cost": float(km.inertia_)}
    for name in ["iris.csv", "wine.csv", "digits.csv"]:
        label = dict((n, l) for n, l, _ in DATASETS)[name]
        columns, x, _ = load(name, label)
        ref = out["kmeans"][name]
        c, cost, labels, it = spherical(x, x[ref["startRows"]])
        out["cosine"][name] = {"centers": [floats(r) for r in c], "cost": cost, "iterations": it,
                               "sizes": [int(v) for v in np.bincount(labels, minlength=ref["k"])]}
    out["gmm"] = {}
    for name, iterations, reg in [("iris.csv", 30, 0.0), ("wine.csv", 30, 1e-6), ("breast_cancer.csv", 20, 0.0),
                                  ("vehicle.csv", 20, 0.0), ("digits.csv", 10, 1e-6)]:
        label = dict((n, l) for n, l, _ in DATASETS)[name]
        columns, x, _ = load(name, label)
        ref = out["kmeans"][name]
        k = ref["k"]
        start_var = np.var(x, axis=0) + reg
        cov = np.diag(start_var)
        gm = GaussianMixture(n_components=k, covariance_type="full", tol=0.0, reg_covar=reg, max_iter=iterations,
                             n_init=1, weights_init=np.full(k, 1.0 / k), means_init=x[ref["startRows"]],
                             precisions_init=np.array([np.linalg.inv(cov)] * k))
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            gm.fit(x)
        out["gmm"][name] = {"iterations": iterations, "regCovar": reg, "startCovarianceDiagonal": floats(start_var),
                           
                            "weights": floats(gm.weights_), "means": [floats(r) for r in gm.means_],
                            "covariances": [[floats(r) for r in c] for c in gm.covariances_],
                            "logLikelihood": float(gm.score(x) * len(x))}
    with open(out_dir / "clustering_references.json", "w") as f:
        json.dump(out, f, indent=1)


main()
