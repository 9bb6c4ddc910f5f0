"""Exact optima of Ember's linear-model objectives, with their KKT residuals (issue 9).

Objective (docs/Algorithms.md, and the "Conventions" of ../README.md), in the standardized space
xs_j = (x_j - mean_j) / s_j with s_j the SAMPLE standard deviation (population for the linear solver "normal"):

    O(w, b) = L(w, b) + sum_j l1_j |w_j| + sum_j (l2_j / 2) w_j^2,      beta_j = w_j / s_j (original scale)

  - logistic:  L = mean log-loss (binomial), or mean softmax log-loss over all K classes (multinomial, the
    symmetric parameterization, one coefficient vector per class); l1_j = regParam * alpha,
    l2_j = regParam * (1 - alpha) with standardization; without it the penalty applies to the original-scale
    coefficients, l1_j = regParam * alpha / s_j and l2_j = regParam * (1 - alpha) / s_j^2.
  - linear:    L = RSS / (2n) on the raw label; l1_j = regParam * alpha, l2_j = regParam * (1 - alpha) / s_y
    (s_y the label's sd, sample for l-bfgs, population for normal), both times 1/s_j, 1/s_j^2 without
    standardization (exactly as LinearObjective and LinearRegression.fitNormal scale them).
  - intercepts are not penalized; a constant feature (s_j = 0) has coefficient 0.
  - multinomial: intercepts reported centred to sum 0 (as Ember and glmnet); coefficients as they are at the
    optimum (with alpha < 1 each feature's coefficients then sum to 0 over the classes).

Solver: proximal Newton, then an active-set Newton polish.
  1. Proximal Newton: at the current point the exact Hessian H and gradient g of L (dense; at most a few
     hundred parameters here) define a quadratic model; the elastic-net-penalized model is minimized exactly
     (a linear solve without L1; feature-sign search with L1, see qp_l1), and a backtracking line search on O
     accepts the step. Repeated until the step is below 1e-13.
  2. Active-set Newton: on the support A = {j : w_j != 0} with the signs fixed, O is smooth; Newton steps with
     the exact Hessian (least-squares solves, so the flat direction of the multinomial intercepts and, with
     alpha = 1 and an even K, of a feature's coefficients, is handled by the minimum-norm step) until the
     gradient on A is at machine precision. Coordinates outside A that violate |g_j| <= l1_j join A and
     coordinates whose sign flips leave it; repeated until no change.
  3. KKT residuals, recorded in every case:
       intercepts:  |dL/db|
       w_j != 0:    |g_j + l2_j w_j + l1_j sign(w_j)|
       w_j == 0:    max(0, |g_j| - l1_j)
     plus the margin min_j (l1_j - |g_j|) over the zeros (how firmly each zero is a zero). A case whose KKT
     residual exceeds 1e-12 makes the script fail.

Run from the repository root (about a minute):
    .venv-reference/bin/python ml-algorithms/src/test/resources/reference/exact/exact_references.py
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
import scipy

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "..", "..", "ml-core", "src", "test", "resources", "data")
KKT_LIMIT = 1e-12
SAMPLE_ROWS = 40


# ---------------------------------------------------------------------------------------------- data


def load(dataset, label):
    """Features: the numeric columns in file order except the label (what VectorAssembler sees); the label's
    classes sorted as strings (StringIndexer alphabetAsc); the label as a float for regression."""
    df = pd.read_csv(os.path.join(DATA, dataset))
    df.attrs["dataset"] = dataset
    features = [c for c in df.columns if c != label and pd.api.types.is_numeric_dtype(df[c])]
    x = df[features].to_numpy(dtype=np.float64)
    return df, features, x


# ---------------------------------------------------------------------------------------------- losses


class Problem:
    """The loss in the standardized space, parameters theta = [W (K x d, row-major), b (K)]."""

    def __init__(self, kind, xs, y, k):
        self.kind = kind          # "binomial", "multinomial" or "linear"
        self.xs = xs              # n x d, centred and scaled
        self.y = y                # class index (float) or label
        self.k = k
        self.n, self.d = xs.shape
        self.xa = np.hstack([xs, np.ones((self.n, 1))])  # with the intercept column
        if kind == "multinomial":
            self.onehot = np.zeros((self.n, k))
            self.onehot[np.arange(self.n), y.astype(int)] = 1.0

    def split(self, theta):
        k, d = self.k, self.d
        return theta[:k * d].reshape(k, d), theta[k * d:]

    def margins(self, theta):
        w, b = self.split(theta)
        return self.xs @ w.T + b  # n x K

    def value_grad_hess(self, theta, hessian=True):
        n, d, k = self.n, self.d, self.k
        m = self.margins(theta)
        xa = self.xa
        if self.kind == "linear":
            r = m[:, 0] - self.y
            value = 0.5 * np.dot(r, r) / n
            ga = xa.T @ r / n
            g = np.concatenate([ga[:d], ga[d:]])
            h = xa.T @ xa / n if hessian else None
            return value, g, h
        if self.kind == "binomial":
            z = m[:, 0]
            # log(1 + exp(z)) - y z, stably
            value = np.mean(np.logaddexp(0.0, z) - self.y * z)
            p = scipy.special.expit(z)
            ga = xa.T @ (p - self.y) / n
            h = (xa * (p * (1 - p))[:, None]).T @ xa / n if hessian else None
            return value, ga, h
        # multinomial
        lse = scipy.special.logsumexp(m, axis=1)
        value = np.mean(lse - np.sum(self.onehot * m, axis=1))
        p = np.exp(m - lse[:, None])
        r = p - self.onehot  # n x K
        gw = (r.T @ self.xs) / n  # K x d
        gb = r.sum(axis=0) / n
        g = np.concatenate([gw.ravel(), gb])
        if not hessian:
            return value, g, None
        # H[(c, j), (e, l)] = (1/n) sum_i xa_ij xa_il (p_ic delta_ce - p_ic p_ie), ordered [W row-major, b]
        full = np.zeros((k, d + 1, k, d + 1))
        for c in range(k):
            for e in range(c, k):
                wgt = (p[:, c] * ((c == e) - p[:, e]))
                block = (xa * wgt[:, None]).T @ xa / n
                full[c, :, e, :] = block
                full[e, :, c, :] = block.T
        order = [c * (d + 1) + j for c in range(k) for j in range(d)] + [c * (d + 1) + d for c in range(k)]
        h = full.reshape(k * (d + 1), k * (d + 1))[np.ix_(order, order)]
        return value, g, h


def penalty(theta, l1, l2):
    return np.sum(l1 * np.abs(theta)) + 0.5 * np.sum(l2 * theta * theta)


def kkt(theta, g, l1, l2, free):
    """KKT residual per coordinate (see the header) and the smallest margin of the zeros."""
    gs = g + l2 * theta
    res = np.where(theta != 0, np.abs(gs + l1 * np.sign(theta)), np.maximum(0.0, np.abs(gs) - l1))
    res[free] = np.abs(gs[free])
    zeros = (theta == 0) & ~free & (l1 > 0)
    margin = float(np.min(l1[zeros] - np.abs(gs[zeros]))) if zeros.any() else None
    return res, margin


def cd_quadratic(h, b, l1, fixed, x0, sweeps=3000, tol=1e-14):
    """Minimizes 1/2 x'Hx + b'x + sum_j l1_j |x_j| by cyclic coordinate descent from x0."""
    t = x0.copy()
    hd = np.diag(h).copy()
    grad = h @ t + b  # gradient of the quadratic part at t
    p = len(t)
    for _ in range(sweeps):
        biggest = 0.0
        for j in range(p):
            if fixed[j]:
                continue
            a = hd[j]
            if a <= 0:
                continue
            # minimize 1/2 a u^2 + (grad_j - hd_j t_j) u + l1 |u|
            c = grad[j] - hd[j] * t[j]
            u = -np.sign(c) * max(abs(c) - l1[j], 0.0) / a
            delta = u - t[j]
            if delta != 0.0:
                grad += h[:, j] * delta
                t[j] = u
                biggest = max(biggest, abs(delta))
        if biggest < tol:
            break
    return t


def qp_l1(a, b, lam, free, fixed, x0, tol=1e-13):
    """Minimizes 1/2 x'Ax + b'x + sum_j lam_j |x_j| exactly, by feature-sign search (Lee, Battle, Raina and Ng,
    2007): on the current support with its signs the problem is a linear system (solved by least squares, so a
    singular A on the free coordinates does no harm); a discrete line search to the first sign change keeps the
    objective decreasing; the zero that violates its condition most joins the support. Finite, and unlike
    coordinate descent insensitive to the conditioning of A (unstandardized features)."""
    x = x0.copy()
    x[fixed] = 0.0
    scale = 1.0 + np.max(np.abs(b))

    def value(v):
        return 0.5 * v @ a @ v + b @ v + np.sum(lam * np.abs(v))

    for _ in range(100000):
        g = a @ x + b
        sign = np.sign(x)
        support = ((x != 0) | free) & ~fixed
        residual = np.abs(g + lam * sign)[support]
        if residual.size == 0 or residual.max() <= tol * scale:
            zero = (x == 0) & ~free & ~fixed
            violation = np.where(zero, np.abs(g) - lam, -np.inf)
            i = int(np.argmax(violation))
            if violation[i] <= tol * scale:
                return x
            support[i] = True
            sign[i] = -np.sign(g[i])
        idx = np.flatnonzero(support)
        target = np.zeros_like(x)
        target[idx] = np.linalg.lstsq(a[np.ix_(idx, idx)], -(b[idx] + lam[idx] * sign[idx]), rcond=1e-14)[0]
        step = target - x
        # candidates: the full step and every point where a non-free coordinate crosses zero
        ts = [1.0]
        moving = support & ~free & (x != 0) & (step != 0)
        crossing = -x[moving] / step[moving]
        ts.extend(t for t in crossing if 0 < t < 1)
        best, best_value = None, value(x)
        for t in sorted(set(ts)):
            trial = x + t * step
            trial[moving & (np.abs(trial) <= 1e-15 * (1 + np.abs(x)))] = 0.0
            if t < 1:
                j = np.flatnonzero(moving)[np.argmin(np.abs(crossing - t))]
                trial[j] = 0.0
            v = value(trial)
            if v < best_value:
                best, best_value = trial, v
        if best is None:
            # rounding stalls the search (a nearly singular A): coordinate descent finishes from here
            return cd_quadratic(a, b, lam, fixed, x)
        x = best
    raise RuntimeError("feature-sign search did not finish")


def objective(prob, theta, l1, l2):
    return prob.value_grad_hess(theta, hessian=False)[0] + penalty(theta, l1, l2)


def solve(prob, l1, l2, fixed, free):
    """Proximal Newton then active-set Newton; returns theta and a log."""
    theta = np.zeros(len(l1))
    if prob.kind == "linear":
        theta[-1] = prob.y.mean()
    f = objective(prob, theta, l1, l2)
    outer = 0
    for outer in range(1, 500):
        v, g, h = prob.value_grad_hess(theta)
        if np.all(l1 == 0):
            # no L1 term: the model's minimizer is one (minimum-norm) linear solve
            move = ~fixed
            cand = theta.copy()
            cand[move] -= np.linalg.lstsq(h[np.ix_(move, move)] + np.diag(l2[move]),
                                          (g + l2 * theta)[move], rcond=1e-14)[0]
        else:
            cand = qp_l1(h + np.diag(l2), g - h @ theta, l1, free, fixed, theta)
        step = cand - theta
        # directional derivative bound for the Armijo test (Lee, Sun, Saunders 2014)
        decrease = g @ step + penalty(cand, l1, l2) - penalty(theta, l1, l2)
        t = 1.0
        while True:
            trial = theta + t * step
            ft = objective(prob, trial, l1, l2)
            if ft <= f + 1e-4 * t * decrease or t < 1e-10:
                break
            t *= 0.5
        theta, f = trial, ft
        if prob.kind == "multinomial":
            theta = centre_intercepts(prob, theta)
        if np.max(np.abs(t * step)) < 1e-13:
            break
    # active-set Newton polish
    polish = 0
    for polish in range(1, 200):
        v, g, h = prob.value_grad_hess(theta)
        active = ((theta != 0) | free) & ~fixed
        sign = np.sign(theta)
        grad_a = (g + l2 * theta + l1 * sign)[active]
        ha = h[np.ix_(active, active)] + np.diag(l2[active])
        step = np.zeros_like(theta)
        step[active] = -np.linalg.lstsq(ha, grad_a, rcond=1e-14)[0]
        new = theta + step
        # a coordinate that changes sign is set to zero (it may come back through the KKT check)
        flipped = active & ~free & (np.sign(new) != sign) & (sign != 0)
        new[flipped] = 0.0
        if prob.kind == "multinomial":
            new = centre_intercepts(prob, new)
        moved = np.max(np.abs(new - theta))
        theta = new
        _, g2, _ = prob.value_grad_hess(theta, hessian=False)
        res, _ = kkt(theta, g2, l1, l2, free)
        res[fixed] = 0
        if moved < 1e-15 or res.max() < 1e-15:
            violators = (theta == 0) & ~fixed & ~free & (res > 0)
            if not violators.any():
                break
            # let the worst violator in, at the sign its gradient asks for, with a tiny value
            j = int(np.argmax(np.where(violators, res, -1)))
            theta[j] = -np.sign(g2[j] + l2[j] * theta[j]) * 1e-12
    return theta, {"proximal_newton_iterations": outer, "active_set_newton_iterations": polish}


def centre_intercepts(prob, theta):
    out = theta.copy()
    b = out[prob.k * prob.d:]
    out[prob.k * prob.d:] = b - b.mean()
    return out


# ---------------------------------------------------------------------------------------------- cases


def fit_case(kind, dataset, label, reg, alpha, standardization, solver="l-bfgs"):
    """The optimum on the float64 data and, when rounding the features to float32 changes them, on the
    float32-rounded data too (what a float32 feature block holds: its exact optimum differs from the float64
    one by the rounding of the data, up to 1e-6 relative on ill-conditioned problems, not by any solver)."""
    df, features, x = load(dataset, label)
    case = fit_data(kind, df, x, label, reg, alpha, standardization, solver)
    x32 = x.astype(np.float32).astype(np.float64)
    if np.array_equal(x32, x):
        case["float32"] = "same as float64: every feature value is a float32"
    else:
        rounded = fit_data(kind, df, x32, label, reg, alpha, standardization, solver)
        case["float32"] = {key: rounded[key] for key in SOLUTION_KEYS if key in rounded}
    print(f"{case['id']:58s} obj {case['objective']:.15g} kkt {case['kkt']['max_residual']:.1e} zeros "
          f"{case['num_zero_coefficients']} {case['solver_log']}", flush=True)
    return case, features, case.pop("classes"), x.shape[0]


SOLUTION_KEYS = ["objective", "mean_loss", "coefficients", "intercepts", "num_zero_coefficients",
                 "coefficients_identified", "sample_probabilities", "sample_predictions", "kkt", "solver_log"]


def fit_data(kind, df, x, label, reg, alpha, standardization, solver):
    n, d = x.shape
    mean = x.mean(axis=0)
    population = kind == "linear" and solver == "normal"
    sd = x.std(axis=0, ddof=0 if population else 1)
    constant = sd == 0
    scale = np.where(constant, 1.0, sd)
    xs = (x - mean) / scale
    xs[:, constant] = 0.0
    if kind == "linear":
        y = df[label].to_numpy(dtype=np.float64)
        classes = None
        k = 1
        sy = y.std(ddof=0 if population else 1)
        l1v, l2v = reg * alpha, reg * (1 - alpha) / sy
    else:
        labels = df[label].astype(str).to_numpy()
        classes = sorted(set(labels))
        y = np.array([classes.index(v) for v in labels], dtype=np.float64)
        k = 1 if kind == "binomial" else len(classes)
        l1v, l2v = reg * alpha, reg * (1 - alpha)
    prob = Problem(kind, xs, y, k)
    pen_l1 = np.where(constant, 0.0, l1v if standardization else l1v / scale)
    pen_l2 = np.where(constant, 0.0, l2v if standardization else l2v / scale ** 2)
    p = k * d + k
    l1 = np.zeros(p)
    l2 = np.zeros(p)
    fixed = np.zeros(p, dtype=bool)
    free = np.zeros(p, dtype=bool)
    for c in range(k):
        l1[c * d:(c + 1) * d] = pen_l1
        l2[c * d:(c + 1) * d] = pen_l2
        fixed[c * d:(c + 1) * d] = constant
    free[k * d:] = True
    start = time.time()
    theta, log = solve(prob, l1, l2, fixed, free)
    seconds = time.time() - start
    value, g, _ = prob.value_grad_hess(theta, hessian=False)
    res, margin = kkt(theta, g, l1, l2, free)
    res[fixed] = 0
    obj = value + penalty(theta, l1, l2)
    w, b = prob.split(theta)
    beta = w / scale
    beta[:, constant] = 0.0
    intercepts = b - beta @ mean
    if kind == "multinomial":
        intercepts = intercepts - intercepts.mean()
    rows = sorted(set(np.linspace(0, n - 1, SAMPLE_ROWS).round().astype(int).tolist()))
    marg = x[rows] @ beta.T + intercepts
    case = {
        "id": case_id(kind, label_dataset(df, label), reg, alpha, standardization, solver),
        "classes": classes,
        "family": kind, "solver": solver if kind == "linear" else None,
        "regParam": reg, "elasticNetParam": alpha, "standardization": standardization,
        "feature_sd": "population" if population else "sample",
        "l1_weight": l1v, "l2_weight": l2v,
        "objective": obj, "mean_loss": value,
        "coefficients": beta.tolist() if kind == "multinomial" else beta[0].tolist(),
        "intercepts": intercepts.tolist() if kind == "multinomial" else float(intercepts[0]),
        "num_zero_coefficients": int(np.sum(beta == 0)),
        "coefficients_identified": identified(kind, k, alpha, beta),
        "sample_rows": rows,
        "sample_features": x[rows].tolist(),
        "kkt": {"max_residual": float(res.max()), "max_intercept_residual": float(res[free].max()),
                "min_zero_margin": margin, "limit": KKT_LIMIT},
        "solver_log": dict(log, seconds=round(seconds, 2)),
    }
    if kind == "linear":
        case["sample_predictions"] = marg[:, 0].tolist()
    elif kind == "binomial":
        case["sample_probabilities"] = scipy.special.expit(marg[:, 0]).tolist()
    else:
        case["sample_probabilities"] = scipy.special.softmax(marg, axis=1).tolist()
    if res.max() > KKT_LIMIT:
        raise SystemExit(f"{case['id']}: KKT residual {res.max():.3g} above {KKT_LIMIT}")
    return case


def label_dataset(df, label):
    return df.attrs["dataset"]


def identified(kind, k, alpha, beta):
    """With alpha = 1 a multinomial feature whose K coefficients are all non-zero with an even K can shift by
    any amount between its two middle values without changing the objective: then only the probabilities and
    the objective identify the optimum."""
    if kind != "multinomial" or alpha < 1:
        return True
    for j in range(beta.shape[1]):
        col = np.sort(beta[:, j])
        if k % 2 == 0 and col[k // 2 - 1] != col[k // 2]:
            return False
    return True


def case_id(kind, dataset, reg, alpha, standardization, solver):
    name = dataset.replace(".csv", "")
    s = "std" if standardization else "nostd"
    extra = f"_{solver}" if kind == "linear" else ""
    return f"{kind}_{name}_reg{reg:g}_alpha{alpha:g}_{s}{extra}"


LOGISTIC = [
    # (kind, dataset, label, [(regParam, alpha, standardization)])
    ("binomial", "breast_cancer.csv", "diagnosis", "full"),
    ("binomial", "sonar.csv", "Class", "full"),
    ("binomial", "ionosphere.csv", "Class", "full"),
    ("binomial", "pima_indians_diabetes.csv", "diabetes", "full"),
    ("multinomial", "iris.csv", "species", "full"),
    ("multinomial", "wine.csv", "cultivar", "full"),
    ("multinomial", "glass.csv", "Type", "full"),
    ("multinomial", "vehicle.csv", "Class", "full"),
    ("multinomial", "satellite.csv", "classes", "few"),
    ("multinomial", "digits.csv", "digit", "few"),
    ("multinomial", "letter_recognition.csv", "lettr", "few"),
    ("multinomial", "shuttle.csv", "Class", "few"),
]
FULL = [(0.001, 0.0, True), (0.01, 0.0, True), (0.01, 1.0, True), (0.01, 0.5, True),
        (0.01, 0.0, False), (0.01, 1.0, False), (0.01, 0.5, False)]
FEW = [(0.01, 0.0, True), (0.01, 0.5, True)]
LINEAR = [("l-bfgs", 0.0, 0.0, True), ("l-bfgs", 0.1, 0.0, True), ("l-bfgs", 0.1, 1.0, True),
          ("l-bfgs", 0.1, 0.5, True), ("l-bfgs", 0.1, 0.0, False), ("l-bfgs", 0.1, 1.0, False),
          ("l-bfgs", 0.1, 0.5, False), ("l-bfgs", 1.0, 0.5, True),
          ("normal", 0.0, 0.0, True), ("normal", 0.1, 0.0, True), ("normal", 0.1, 0.0, False)]


def write(name, dataset, label, features, classes, n, cases):
    out = {"dataset": dataset, "label": label, "classes": classes, "features": features, "n": n,
           "convention": "see exact_references.py header and ../README.md, section 'Exact optima'",
           "tools": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
                     "pandas": pd.__version__},
           "command": ".venv-reference/bin/python ml-algorithms/src/test/resources/reference/exact/"
                      "exact_references.py",
           "cases": cases}
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(out, f, indent=1, default=lambda v: float(v))
        f.write("\n")


def main(only=None):
    for kind, dataset, label, which in LOGISTIC:
        if only and dataset.replace(".csv", "") not in only:
            continue
        cases = []
        for reg, alpha, std in (FULL if which == "full" else FEW):
            case, features, classes, n = fit_case(kind, dataset, label, reg, alpha, std)
            cases.append(case)
        write(f"exact_{kind}_{dataset.replace('.csv', '')}.json", dataset, label, features, classes, n, cases)
    if only and "diabetes" not in only:
        return
    cases = []
    for solver, reg, alpha, std in LINEAR:
        case, features, _, n = fit_case("linear", "diabetes.csv", "progression", reg, alpha, std, solver)
        cases.append(case)
    write("exact_linear_diabetes.json", "diabetes.csv", "progression", features, None, n, cases)


if __name__ == "__main__":
    np.set_printoptions(precision=17)
    main(sys.argv[1].split(",") if len(sys.argv) > 1 else None)
