"""Python peers of the tree benchmark workloads (dev.ember.ml.bench.tree.GbtWorkload and ForestWorkload).

Reads the workload's Parquet file (features f0.., label, test), fits on the rows with test == 0 (the first --rows
of them when given) and prints one JSON line: {"library", "seconds" (fit alone, dataset construction included),
"auc" (on test == 1), "trainRows"}.

- lightgbm: LGBMClassifier, --trees, 63 leaves, learning rate 0.1 (the GBT workload)
- xgboost: tree_method hist, --trees, depth 6, eta 0.1 (the GBT workload)
- sklearn-forest: RandomForestClassifier, --trees, --depth, max_features sqrt, bootstrap (the forest workload)
"""
import argparse
import json
import time

import numpy as np
import pyarrow.parquet as pq
from sklearn.metrics import roc_auc_score


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--library", choices=["lightgbm", "xgboost", "sklearn-forest"], required=True)
    ap.add_argument("--parquet", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--depth", type=int, default=10)
    ap.add_argument("--rows", type=int, default=0, help="train on the first ROWS training rows (0: all)")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    table = pq.read_table(a.parquet)
    features = [c for c in table.column_names if c.startswith("f")]
    x = np.column_stack([table[c].to_numpy() for c in features]).astype(np.float32)
    y = table["label"].to_numpy()
    test = table["test"].to_numpy() == 1
    xtr, ytr, xte, yte = x[~test], y[~test], x[test], y[test]
    if a.rows > 0:
        xtr, ytr = xtr[:a.rows], ytr[:a.rows]
    if a.library == "lightgbm":
        import lightgbm
        model = lightgbm.LGBMClassifier(n_estimators=a.trees, learning_rate=0.1, num_leaves=63, max_depth=-1,
                                        min_child_samples=20, max_bin=255, n_jobs=a.threads, verbose=-1)
        t0 = time.perf_counter()
        model.fit(xtr, ytr)
        seconds = time.perf_counter() - t0
        p = model.predict_proba(xte)[:, 1]
    elif a.library == "xgboost":
        import xgboost
        t0 = time.perf_counter()
        d = xgboost.DMatrix(xtr, label=ytr, nthread=a.threads)
        booster = xgboost.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 6, "eta": 0.1,
                                 "max_bin": 256, "nthread": a.threads}, d, num_boost_round=a.trees)
        seconds = time.perf_counter() - t0
        p = booster.predict(xgboost.DMatrix(xte, nthread=a.threads))
    else:
        from sklearn.ensemble import RandomForestClassifier
        model = RandomForestClassifier(n_estimators=a.trees, max_depth=a.depth, max_features="sqrt", bootstrap=True,
                                       n_jobs=a.threads, random_state=a.seed)
        t0 = time.perf_counter()
        model.fit(xtr, ytr)
        seconds = time.perf_counter() - t0
        p = model.predict_proba(xte)[:, 1]
    print(json.dumps({"library": a.library, "seconds": seconds, "auc": float(roc_auc_score(yte, p)),
                      "trainRows": int(len(ytr))}))


if __name__ == "__main__":
    main()
