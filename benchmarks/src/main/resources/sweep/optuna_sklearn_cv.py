"""Optuna's RandomSampler over scikit-learn's LogisticRegression scored by 3-fold cross-validation AUC.

Run by the sweep-cv workload (dev.ember.ml.bench.sweep.SweepCvWorkload) with the pinned Optuna and scikit-learn
of benchmarks/requirements-sweep.txt. Reads X (float64, n x d), y and the fold ids (the same folds as Ember's and
Spark's) from .npy files, then times from the data in memory to the best trial: TRIALS trials of
RandomSampler(seed) over regParam log-uniform [1e-4, 1] x elasticNetParam uniform [0, 1], each mapped to
sklearn's C = 1 / (n_train * regParam) and l1_ratio = elasticNetParam (solver saga, elastic-net penalty; Spark's
objective is mean loss + regParam * penalty, sklearn's C * summed loss + penalty), scored by cross_val_score
(roc_auc, n_jobs=2) over a PredefinedSplit of the fold ids. Features are N(0, 1) already, so no scaling (Spark and
Ember standardize internally, to the same scale). Prints one JSON object.
Usage: optuna_sklearn_cv.py X.npy y.npy fold.npy TRIALS SEED
"""
import json
import sys
import time
import warnings

import numpy as np
import optuna
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import PredefinedSplit, cross_val_score


def main():
    x = np.load(sys.argv[1])
    y = np.load(sys.argv[2])
    fold = np.load(sys.argv[3])
    trials = int(sys.argv[4])
    seed = int(sys.argv[5])
    split = PredefinedSplit(fold)
    k = split.get_n_splits()
    n_train = len(y) * (k - 1) / k
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    not_converged = [0]

    def objective(t):
        reg = t.suggest_float("regParam", 1e-4, 1.0, log=True)
        en = t.suggest_float("elasticNetParam", 0.0, 1.0)
        lr = LogisticRegression(C=1.0 / (n_train * reg), l1_ratio=en, solver="saga", max_iter=1000, tol=1e-4)
        return float(np.mean(cross_val_score(lr, x, y, cv=split, scoring="roc_auc", n_jobs=2)))

    t0 = time.perf_counter()
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.RandomSampler(seed=seed))
    study.optimize(objective, n_trials=trials)
    best = study.best_trial
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "trials": len(study.trials), "bestValue": best.value,
                      "regParam": best.params["regParam"], "elasticNetParam": best.params["elasticNetParam"],
                      "values": [t.value for t in study.trials],
                      "params": [t.params for t in study.trials]}))


if __name__ == "__main__":
    main()
