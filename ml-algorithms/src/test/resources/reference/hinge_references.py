"""Exact optima of LinearSVC's objective (the hinge-loss quadratic program) for the binary datasets.

Objective, in the standardized space (x~_j = (x_j - mean_j) / sd_j, sd the sample standard deviation, theta_j =
beta_j * sd_j, intercept b unpenalized, coefficients reported on the original scale):

    O = (1/n) sum_i max(0, 1 - s_i (x~_i . theta + b))  +  (regParam / 2) sum_j pen_j theta_j^2

with s_i = 2 y_i - 1, y the label index in alphabetical class order, pen_j = 1 with standardization and
1 / sd_j^2 without (the penalty then applies to the original coefficients), as Spark's LinearSVC and Ember's.

regParam > 0: Clarabel (interior point) on the QP in (theta, b, xi), then an exact active-set polish: rows with
|1 - s_i m_i| <= 1e-7 are taken as the margin set E, rows beyond it get dual value 1/n, and the KKT system
[H, -A_E'; A_E, 0] [theta; alpha_E] = [sum_L a_i / n; 1] is solved with numpy; the polished point is kept
only when every dual value lies in [0, 1/n] and every row keeps its side of the margin. regParam = 0: a linear
program solved by HiGHS (dual simplex, through scipy.optimize.linprog); its optimum need not be unique: the largest
move of every coordinate along the optimal face's cone of directions at the solution (|d|_inf <= 1) is found by
2p more LPs (see lp_face), and the coefficients are a reference only when every move is 0 ("optimal_face_directions",
0 means unique in that coordinate, 1 means it can move). Separable data (loss 0) also get the maximum-margin
separator ("max_margin_separator": least penalty norm among the zero-loss optima, see hard_margin), the optimum
LinearSVC picks there. For every variant the KKT residuals are recomputed from the final point and
duals and written out (stationarity, dual box, complementary slackness).

Run from the repository root with the reference venv (numpy 2.4.6, scipy 1.17.1, clarabel 0.11.1):
    .venv-reference/bin/python ml-algorithms/src/test/resources/reference/hinge_references.py
"""
import csv
import json
import os

import clarabel
import numpy as np
import scipy
import scipy.sparse as sp
from scipy.optimize import linprog

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "..", "..", "..", "ml-core", "src", "test", "resources", "data")
DATASETS = {"breast_cancer": "diagnosis", "sonar": "Class", "ionosphere": "Class",
            "pima_indians_diabetes": "diabetes"}
REG_PARAMS = [0.0, 0.01, 0.1]


def load(name, label):
    with open(os.path.join(DATA, name + ".csv"), newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    li = header.index(label)
    features = [c for i, c in enumerate(header) if i != li]
    x = np.array([[float(v) for i, v in enumerate(r) if i != li] for r in body])
    classes = sorted({r[li] for r in body})
    y = np.array([classes.index(r[li]) for r in body], dtype=float)
    return features, classes, x, y


def kkt(a, u, hdiag, theta, alpha, intercept_col):
    """Residuals of the KKT conditions at (theta, alpha); a holds the signed rows s_i [x~_i, 1]."""
    z = 1 - a @ theta
    stat = hdiag * theta - a.T @ alpha
    box = np.maximum(0, np.maximum(-alpha, alpha - u)).max()
    # complementary slackness: alpha = u where z > 0, alpha = 0 where z < 0
    comp = max(float(np.max(np.abs(z) * np.where(z > 0, u - alpha, alpha) / u)), 0.0)
    return {"stationarity_max_abs": float(np.max(np.abs(stat))), "dual_box_violation": float(box),
            "complementarity_max": comp, "margin_rows": int(np.sum(np.abs(z) <= 1e-9)),
            "intercept_stationarity": float(abs(stat[intercept_col]))}


def solve_qp(a, u, hdiag):
    n, p = a.shape
    P = sp.block_diag([sp.diags(hdiag), sp.csc_matrix((n, n))]).tocsc()
    q = np.concatenate([np.zeros(p), u])
    A = sp.vstack([sp.hstack([sp.csc_matrix((n, p)), -sp.eye(n)]),
                   sp.hstack([-sp.csc_matrix(a), -sp.eye(n)])]).tocsc()
    b = np.concatenate([np.zeros(n), -np.ones(n)])
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = 1e-12
    settings.tol_ktratio = 1e-10
    settings.max_iter = 500
    sol = clarabel.DefaultSolver(P, q, A, b, [clarabel.NonnegativeConeT(2 * n)], settings).solve()
    x = np.array(sol.x)
    theta, alpha = x[:p], np.array(sol.z)[n:]
    # exact polish on the identified sets
    z = 1 - a @ theta
    e = np.abs(z) <= 1e-7
    lset = z > 1e-7
    m = int(e.sum())
    k = np.zeros((p + m, p + m))
    k[:p, :p] = np.diag(hdiag)
    k[:p, p:] = -a[e].T
    k[p:, :p] = a[e]
    rhs = np.concatenate([a[lset].T @ u[lset], np.ones(m)])
    sol2 = np.linalg.lstsq(k, rhs, rcond=None)[0]
    theta2 = sol2[:p]
    alpha2 = np.where(lset, u, 0.0)
    alpha2[e] = sol2[p:]
    z2 = 1 - a @ theta2
    ok = (np.all(alpha2 >= -1e-12) and np.all(alpha2 <= u * (1 + 1e-12)) and np.all(z2[lset] >= -1e-12)
          and np.all(z2[~lset & ~e] <= 1e-12))
    inside = e & (alpha2 > 1e-9 * u) & (alpha2 < u * (1 - 1e-9))
    return (theta2, alpha2, True, bool(inside.any())) if ok else (theta, alpha, False, bool(inside.any()))


def solve_lp(a, u):
    n, p = a.shape
    c = np.concatenate([np.zeros(p), u])
    A = sp.hstack([-sp.csc_matrix(a), -sp.eye(n)]).tocsc()
    bounds = [(None, None)] * p + [(0, None)] * n
    res = linprog(c, A_ub=A, b_ub=-np.ones(n), bounds=bounds, method="highs-ds",
                  options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10})
    assert res.status == 0, res.message
    return res.x[:p], -res.ineqlin.marginals


def lp_face(a, u, theta, free):
    """How far theta can move on the LP's optimal face: the largest |d_j| over the cone of feasible directions at
    theta that keep the loss from rising (every row above the margin and every row on it: xi_i' >= -a_i d; every
    row on or below it: xi_i' >= 0; sum u_i xi_i' <= 0), d_j = 0 for constant features, |d|_inf <= 1, by 2p more
    HiGHS solves (max and min of d_j). The cone is homogeneous, so the answer is exact once the rows on the margin
    (|slack| <= 1e-9) are identified: theta is the unique optimum when every range is 0 (below 1e-9)."""
    n, p = a.shape
    z = 1 - a @ theta
    above = z > 1e-9
    below = z < -1e-9
    # variables (d, xi'); rows: -a_i d - xi_i' <= 0 where not below; -xi_i' <= 0 where not above; u . xi' <= 0
    rows, rhs = [], []
    nb = ~below
    rows.append(sp.hstack([-sp.csc_matrix(a[nb]), -sp.eye(n, format="csc")[nb]]))
    na = ~above
    rows.append(sp.hstack([sp.csc_matrix((int(na.sum()), p)), -sp.eye(n, format="csc")[na]]))
    rows.append(sp.hstack([sp.csc_matrix((1, p)), sp.csc_matrix(u[None, :])]))
    A = sp.vstack(rows).tocsc()
    b = np.zeros(A.shape[0])
    fixed = np.concatenate([free, [True]])
    bounds = [(-1, 1) if fixed[j] else (0, 0) for j in range(p)] + [(None, None)] * n
    ranges = []
    for j in range(p):
        ends = []
        for sign in (1.0, -1.0):
            c = np.zeros(p + n)
            c[j] = -sign
            res = linprog(c, A_ub=A, b_ub=b, bounds=bounds, method="highs-ds")
            assert res.status == 0, res.message
            ends.append(-res.fun)
        ranges.append(float(max(ends)))
    return ranges


def hard_margin(a, hdiag):
    """Separable data: the separator of least penalty norm, min 1/2 theta' diag(pen) theta s.t. a_i . theta >= 1
    (the hard-margin SVM: where the QP's solution ends as regParam falls to 0), by Clarabel, then polished exactly
    on the rows it finds on the margin (within 1e-7, else 1e-5, else 1e-3 of it; KKT system solved with numpy;
    kept when the multipliers are >= 0 and every row is beyond the margin, to 1e-9)."""
    n, p = a.shape
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    settings.tol_gap_abs = settings.tol_gap_rel = settings.tol_feas = 1e-12
    settings.tol_ktratio = 1e-10
    settings.max_iter = 500
    P = sp.diags(hdiag).tocsc()
    sol = clarabel.DefaultSolver(P, np.zeros(p), -sp.csc_matrix(a), -np.ones(n), [clarabel.NonnegativeConeT(n)],
                                 settings).solve()
    theta = np.array(sol.x)
    for width in (1e-7, 1e-5, 1e-3):
        e = np.abs(1 - a @ theta) <= width
        m = int(e.sum())
        k = np.zeros((p + m, p + m))
        k[:p, :p] = np.diag(hdiag)
        k[:p, p:] = -a[e].T
        k[p:, :p] = a[e]
        x = np.linalg.lstsq(k, np.concatenate([np.zeros(p), np.ones(m)]), rcond=None)[0]
        if m and np.all(x[p:] >= -1e-9 * np.max(np.abs(x[p:]))) and np.all(a @ x[:p] >= 1 - 1e-9):
            return x[:p], True
    return theta, False


def variant(x, y, reg, standardization):
    n, d = x.shape
    mean = x.mean(axis=0)
    sd = x.std(axis=0, ddof=1)
    free = sd > 0
    xs = np.where(free, (x - mean) / np.where(free, sd, 1), 0.0)
    s = 2 * y - 1
    a = s[:, None] * np.hstack([xs, np.ones((n, 1))])
    u = np.full(n, 1.0 / n)
    pen = np.where(free, 1.0 if standardization else 1 / np.where(free, sd, 1) ** 2, 0.0)
    hdiag = np.concatenate([reg * pen, [0.0]])
    ranges = None
    if reg > 0:
        theta, alpha, polished, b_unique = solve_qp(a, u, hdiag)
        unique = True
    else:
        theta, alpha = solve_lp(a, u)
        polished = False
        theta[:d][~free] = 0
        ranges = lp_face(a, u, theta, free)
        unique = all(r <= 1e-9 for r in ranges)
        b_unique = unique
    theta[:d][~free] = 0
    loss = float(np.mean(np.maximum(0, 1 - a @ theta)))
    obj = loss + 0.5 * float(np.sum(hdiag * theta * theta))
    beta = np.where(free, theta[:d] / np.where(free, sd, 1), 0.0)
    icpt = float(theta[d] - beta @ mean)
    separator = None
    if reg == 0 and loss <= 1e-12:
        hm, hm_polished = hard_margin(a, np.concatenate([pen, [0.0]]))
        hb = np.where(free, hm[:d] / np.where(free, sd, 1), 0.0)
        separator = {"coefficients": [float(v) for v in hb], "intercept": float(hm[d] - hb @ mean),
                     "polished": hm_polished, "min_margin": float(np.min(a @ hm)),
                     "solver": "clarabel + exact polish on the margin rows"}
    return {"regParam": reg, "standardization": standardization, "fitIntercept": True,
            "objective": obj, "mean_hinge_loss": loss,
            "coefficients_unique": bool(unique), "intercept_unique": bool(unique and b_unique),
            "optimal_face_directions": ranges,
            "solver": "clarabel + exact active-set polish" if reg > 0 else "HiGHS dual simplex (LP)",
            "polished": polished, "intercept": icpt, "coefficients": [float(v) for v in beta],
            "kkt": kkt(a, u, hdiag, theta, alpha, d), "max_margin_separator": separator}


def main():
    for name, label in DATASETS.items():
        features, classes, x, y = load(name, label)
        out = {"dataset": name + ".csv", "features": features, "label": {"column": label, "classes": classes,
               "encoding": "index in alphabetical order: the first class is 0"}, "n": int(x.shape[0]),
               "convention": "mean hinge loss + regParam/2 * sum pen_j theta_j^2 (see hinge_references.py)",
               "feature_sd": "sample (ddof=1)", "mean": [float(v) for v in x.mean(axis=0)],
               "sd": [float(v) for v in x.std(axis=0, ddof=1)],
               "tools": {"numpy": np.__version__, "scipy": scipy.__version__, "clarabel": clarabel.__version__},
               "command": ".venv-reference/bin/python ml-algorithms/src/test/resources/reference/"
                          "hinge_references.py",
               "variants": [variant(x, y, reg, st) for reg in REG_PARAMS for st in (True, False)]}
        with open(os.path.join(HERE, "hinge_" + name + ".json"), "w") as f:
            json.dump(out, f, indent=1, default=lambda v: repr(v))
            f.write("\n")
        for v in out["variants"]:
            print(name, v["regParam"], v["standardization"], "objective %.17g" % v["objective"],
                  "polished" if v["polished"] else "", v["kkt"])


if __name__ == "__main__":
    main()
