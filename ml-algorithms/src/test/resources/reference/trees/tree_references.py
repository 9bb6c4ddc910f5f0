"""Reference values for the tree tests (ml-algorithms/src/test/java/dev/ember/ml/algo/tree).

Run from the repository root with the project venv (scripts/python-env.sh installs the pinned scikit-learn and
lightgbm):

    .venv/bin/python ml-algorithms/src/test/resources/reference/trees/tree_references.py

It writes trees.json beside itself. Data: the shared datasets (ml-core/src/test/resources/data), numeric columns
as features in file order, string labels indexed alphabetically (StringIndexer alphabetAsc); rows with
index % 4 == 0 are the test set, the others the training set (the Java tests split the same way).
"""
import csv
import json
import os
import sys

import lightgbm
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.tree import DecisionTreeClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "..", "..", "ml-core", "src", "test", "resources", "data")


def load(name, label):
    with open(os.path.join(DATA, name), newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    body = rows[1:]
    li = header.index(label)
    cols = []
    for j, h in enumerate(header):
        if j == li:
            continue
        try:
            [float(r[j]) for r in body if r[j] != ""]
            cols.append(j)
        except ValueError:
            pass
    x = np.array([[float(r[j]) if r[j] != "" else np.nan for j in cols] for r in body])
    labels = sorted(set(r[li] for r in body))
    y = np.array([labels.index(r[li]) for r in body], dtype=float)
    test = np.arange(len(body)) % 4 == 0
    return x, y, test


def preorder(tree):
    t = tree.tree_
    out = []

    def walk(n):
        if t.children_left[n] < 0:
            out.append({"leaf": True})
            return
        out.append({"leaf": False, "feature": int(t.feature[n]), "threshold": float(t.threshold[n])})
        walk(t.children_left[n])
        walk(t.children_right[n])

    walk(0)
    return out


def main():
    ref = {"sklearn": sklearn.__version__, "lightgbm": lightgbm.__version__, "numpy": np.__version__}
    # single exact trees: every feature of these has at most 255 distinct values
    exact = {}
    for name, label in [("iris.csv", "species"), ("wine.csv", "cultivar"), ("sonar.csv", "Class"),
                        ("glass.csv", "Type")]:
        x, y, _ = load(name, label)
        assert max(len(np.unique(x[:, j])) for j in range(x.shape[1])) <= 255
        dt = DecisionTreeClassifier(max_depth=4, random_state=0).fit(x, y)
        exact[name] = preorder(dt)
    ref["exactTrees"] = exact
    # boosting: LightGBM and scikit-learn's HistGradientBoosting with Ember's GBT settings of the test
    boost = {}
    for name, label in [("breast_cancer.csv", "diagnosis"), ("sonar.csv", "Class"), ("ionosphere.csv", "Class"),
                        ("pima_indians_diabetes.csv", "diabetes")]:
        x, y, test = load(name, label)
        lgb = lightgbm.LGBMClassifier(n_estimators=100, learning_rate=0.1, num_leaves=15, max_depth=-1,
                                      min_child_samples=20, min_child_weight=1e-3, reg_lambda=0.0, max_bin=255,
                                      min_data_in_bin=1, subsample=1.0, colsample_bytree=1.0, n_jobs=1,
                                      verbose=-1, deterministic=True, force_row_wise=True)
        lgb.fit(x[~test], y[~test])
        hgb = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=15, max_depth=None,
                                             min_samples_leaf=20, l2_regularization=0.0, max_bins=255,
                                             early_stopping=False, random_state=0)
        hgb.fit(x[~test], y[~test])
        boost[name] = {"lightgbmAuc": roc_auc_score(y[test], lgb.predict_proba(x[test])[:, 1]),
                       "sklearnAuc": roc_auc_score(y[test], hgb.predict_proba(x[test])[:, 1])}
    ref["boosting"] = boost
    # categorical features: the category index of each value is the value itself (Ember's test indexes them the
    # same way: any bijection gives LightGBM the same model, it orders categories by their gradient statistics)
    cat = {}
    for name, label, positive, cats in [("letter_recognition.csv", "lettr", lambda v: v < 13, list(range(16))),
                                        ("pima_indians_diabetes.csv", "diabetes", lambda v: v == 1, [0])]:
        x, y, test = load(name, label)
        y = np.array([1.0 if positive(v) else 0.0 for v in y])
        lgb = lightgbm.LGBMClassifier(n_estimators=100, learning_rate=0.1, num_leaves=15, max_depth=-1,
                                      min_child_samples=20, min_child_weight=1e-3, reg_lambda=0.0, max_bin=255,
                                      min_data_in_bin=1, subsample=1.0, colsample_bytree=1.0, n_jobs=1,
                                      verbose=-1, deterministic=True, force_row_wise=True)
        lgb.fit(x[~test], y[~test], categorical_feature=cats)
        mask = np.zeros(x.shape[1], dtype=bool)
        mask[cats] = True
        hgb = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=15, max_depth=None,
                                             min_samples_leaf=20, l2_regularization=0.0, max_bins=255,
                                             categorical_features=mask, early_stopping=False, random_state=0)
        hgb.fit(x[~test], y[~test])
        cat[name] = {"categoricalFeatures": cats,
                     "lightgbmAuc": roc_auc_score(y[test], lgb.predict_proba(x[test])[:, 1]),
                     "sklearnAuc": roc_auc_score(y[test], hgb.predict_proba(x[test])[:, 1])}
    ref["categorical"] = cat
    # random forests: mean test accuracy of scikit-learn over 5 seeds, Ember's settings of the test
    forests = {}
    for name, label in [("iris.csv", "species"), ("wine.csv", "cultivar"), ("vehicle.csv", "Class"),
                        ("satellite.csv", "classes"), ("letter_recognition.csv", "lettr"), ("digits.csv", "digit")]:
        x, y, test = load(name, label)
        accs = []
        for seed in range(5):
            rf = RandomForestClassifier(n_estimators=50, max_depth=12, max_features="sqrt", random_state=seed,
                                        n_jobs=1).fit(x[~test], y[~test])
            accs.append(float(np.mean(rf.predict(x[test]) == y[test])))
        forests[name] = {"sklearnAccuracy": float(np.mean(accs)), "sklearnAccuracies": accs}
    ref["forests"] = forests
    with open(os.path.join(HERE, "trees.json"), "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
