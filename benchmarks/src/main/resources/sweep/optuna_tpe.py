"""Optuna's TPE on Branin, Hartmann-6 and a noisy quadratic: median best value after N trials over seeds.

Run by the sweep-quality workload (dev.ember.ml.bench.sweep.SweepQualityWorkload) with the pinned Optuna of
benchmarks/requirements-sweep.txt. Prints one JSON object: {"branin": [best per seed], ...}.
Usage: optuna_tpe.py SEED0 SEEDS TRIALS
"""
import json
import math
import sys

import numpy as np
import optuna

H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
       [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]


def branin(t):
    x1 = t.suggest_float("x1", -5, 10)
    x2 = t.suggest_float("x2", 0, 15)
    a = x2 - 5.1 / (4 * math.pi ** 2) * x1 ** 2 + 5 / math.pi * x1 - 6
    return a * a + 10 * (1 - 1 / (8 * math.pi)) * math.cos(x1) + 10


def hartmann6(t):
    x = [t.suggest_float("x%d" % (j + 1), 0, 1) for j in range(6)]
    outer = 0.0
    for i in range(4):
        inner = sum(H_A[i][j] * (x[j] - H_P[i][j] * 1e-4) ** 2 for j in range(6))
        outer += H_ALPHA[i] * math.exp(-inner)
    return -outer


def quadratic(seed):
    def f(t):
        a = t.suggest_float("a", -2, 2) - 0.5
        b = t.suggest_float("b", -2, 2) + 0.25
        c = t.suggest_float("c", -2, 2) - 1
        noise = 0.05 * np.random.default_rng(seed * 1_000_003 + t.number).standard_normal()
        return a * a + b * b + c * c + noise
    return f


def main():
    seed0, seeds, trials = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    out = {"branin": [], "hartmann6": [], "noisyQuadratic": []}
    for s in range(seed0, seed0 + seeds):
        for name, f in (("branin", branin), ("hartmann6", hartmann6), ("noisyQuadratic", quadratic(s))):
            study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=s))
            study.optimize(f, n_trials=trials)
            out[name].append(study.best_value)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
