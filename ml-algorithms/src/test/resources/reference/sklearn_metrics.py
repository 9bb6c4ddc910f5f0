"""Reference values for Ember's evaluators, computed with scikit-learn on predictions of the glmnet / lm reference
models (so a Java test can feed the very same predictions to its evaluators and compare the metrics).

Inputs: the JSON files that glmnet_references.R writes beside this file (run that first), and the datasets in
ml-core/src/test/resources/data/. Outputs, beside this file:
    metrics_binary_breast_cancer.json     probabilities of binomial_breast_cancer_lambda0.01_alpha0.json (variant
                                           "glmnet"): areaUnderROC, areaUnderPR (three definitions), log-loss,
                                           accuracy / precision / recall / f1 at threshold 0.5
    metrics_multiclass_iris.json          probabilities of multinomial_iris_lambda0.01_alpha0.json (variant
                                           "glmnet"): accuracy, weighted f1 / precision / recall, log-loss
    metrics_regression_diabetes.json      predictions of linear_diabetes_ols_lm.json: rmse, mse, mae, r2

Run from the repository root, in the reference venv (scripts/requirements-reference.txt):
    python3 -m venv .venv-reference
    .venv-reference/bin/pip install -r scripts/requirements-reference.txt
    .venv-reference/bin/python ml-algorithms/src/test/resources/reference/sklearn_metrics.py
"""
import json
import pathlib
import platform

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn import metrics

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[4]
DATA = ROOT / "ml-core/src/test/resources/data"
COMMAND = ".venv-reference/bin/python ml-algorithms/src/test/resources/reference/sklearn_metrics.py"
TOOLS = {
    "python": platform.python_version(),
    "scikit-learn": sklearn.__version__,
    "numpy": np.__version__,
    "pandas": pd.__version__,
    "scipy": scipy.__version__,
}


def load(name):
    return json.loads((HERE / name).read_text())


def write(name, obj):
    path = HERE / name
    path.write_text(json.dumps(obj, indent=1, allow_nan=False) + "\n")
    print("wrote", path.relative_to(ROOT))


def f(x):
    return float(x)


def spark_pr_auc(y, score):
    """areaUnderPR the way Spark ML's BinaryClassificationMetrics computes it (Spark >= 2.3, SPARK-21806):
    one curve point per distinct score, taken in decreasing score order, with cumulative true/false positives;
    the curve is prefixed by (recall 0, precision of the first point) -- not (0, 1) -- and integrated with the
    trapezoidal rule over recall. (numBins = 0, i.e. no down-sampling.)"""
    order = np.argsort(-score, kind="mergesort")
    s, t = score[order], y[order]
    distinct = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]  # last index of each run of equal scores
    tp = np.cumsum(t)[distinct]
    fp = np.cumsum(1 - t)[distinct]
    recall = tp / t.sum()
    precision = tp / (tp + fp)
    recall = np.r_[0.0, recall]
    precision = np.r_[precision[0], precision]
    return float(np.trapezoid(precision, recall))


# ------------------------------------------------------------------ binary: breast_cancer, glmnet (0.01, 0)
src_name = "binomial_breast_cancer_lambda0.01_alpha0.json"
src = load(src_name)
bc = pd.read_csv(DATA / "breast_cancer.csv")
y = (bc["diagnosis"] == "malignant").to_numpy(dtype=np.int64)
p = np.asarray(src["probabilities_all_rows_variant_glmnet"], dtype=np.float64)
assert len(p) == len(y) == src["n"]
pred = (p > 0.5).astype(np.int64)
prec_curve, rec_curve, _ = metrics.precision_recall_curve(y, p)
write("metrics_binary_breast_cancer.json", {
    "source_predictions": src_name + " -> probabilities_all_rows_variant_glmnet (P(label = 1), glmnet lambda=0.01 alpha=0 fit on all rows)",
    "dataset": "ml-core/src/test/resources/data/breast_cancer.csv",
    "label_encoding": "1 if diagnosis == \"malignant\" else 0",
    "n": int(len(y)),
    "positives": int(y.sum()),
    "distinct_scores": int(len(np.unique(p))),
    "metrics": {
        "areaUnderROC": f(metrics.roc_auc_score(y, p)),
        "areaUnderPR_average_precision": f(metrics.average_precision_score(y, p)),
        "areaUnderPR_trapezoid_sklearn_curve": f(metrics.auc(rec_curve, prec_curve)),
        "areaUnderPR_spark": spark_pr_auc(y, p),
        "log_loss": f(metrics.log_loss(y, p)),
        "accuracy_at_0.5": f(metrics.accuracy_score(y, pred)),
        "precision_at_0.5": f(metrics.precision_score(y, pred)),
        "recall_at_0.5": f(metrics.recall_score(y, pred)),
        "f1_at_0.5": f(metrics.f1_score(y, pred)),
    },
    "confusion_matrix_at_0.5": {
        "rows_true_cols_predicted_order_0_1": metrics.confusion_matrix(y, pred, labels=[0, 1]).tolist()},
    "definitions": {
        "areaUnderROC": "sklearn roc_auc_score: trapezoidal area under the ROC curve with one point per distinct score (ties handled as one step), equal to Spark's areaUnderROC",
        "areaUnderPR_average_precision": "sklearn average_precision_score: sum_k (R_k - R_{k-1}) * P_k (step function, no interpolation)",
        "areaUnderPR_trapezoid_sklearn_curve": "sklearn auc(recall, precision) on precision_recall_curve(y, p): trapezoid over one point per distinct score plus sklearn's appended end point (recall 0, precision 1); this is Spark's definition before 2.3",
        "areaUnderPR_spark": "trapezoid over one point per distinct score, prefixed by (recall 0, precision of the highest-score point) instead of (0, 1): Spark ML >= 2.3 BinaryClassificationMetrics.areaUnderPR (SPARK-21806); computed by spark_pr_auc() in this script",
        "log_loss": "sklearn log_loss: mean of -[y log p + (1-y) log(1-p)], p clipped to [eps, 1-eps] with eps = float64 machine epsilon (no clipping is active for these probabilities if min(p, 1-p) > 2.2e-16)",
        "at_0.5": "predicted label = 1 if p > 0.5 else 0 (as Spark's threshold rule); precision/recall/f1 of the positive class 1",
    },
    "note_pr": "areaUnderPR_spark equals areaUnderPR_trapezoid_sklearn_curve here only because the highest-scored row is a positive (precision 1 at the first point), so the two prefixes coincide",
    "min_probability_distance_from_0_or_1": f(np.minimum(p, 1 - p).min()),
    "labels": y.tolist(),
    "probabilities": p.tolist(),
    "tools": TOOLS,
    "command": COMMAND,
})

# ------------------------------------------------------------------ multiclass: iris, glmnet multinomial (0.01, 0)
src_name = "multinomial_iris_lambda0.01_alpha0.json"
src = load(src_name)
classes = src["label"]["classes"]
iris = pd.read_csv(DATA / "iris.csv")
labels = iris["species"].to_numpy()
assert list(labels) == src["labels_all_rows"]
yi = np.array([classes.index(c) for c in labels], dtype=np.int64)
P = np.asarray(src["probabilities_all_rows_variant_glmnet"], dtype=np.float64)
assert P.shape == (len(yi), len(classes))
pred = P.argmax(axis=1)
write("metrics_multiclass_iris.json", {
    "source_predictions": src_name + " -> probabilities_all_rows_variant_glmnet (n x K, columns in 'classes' order, glmnet lambda=0.01 alpha=0 fit on all rows)",
    "dataset": "ml-core/src/test/resources/data/iris.csv",
    "classes": classes,
    "label_encoding": "label index = position in 'classes'",
    "n": int(len(yi)),
    "metrics": {
        "accuracy": f(metrics.accuracy_score(yi, pred)),
        "f1_weighted": f(metrics.f1_score(yi, pred, average="weighted")),
        "precision_weighted": f(metrics.precision_score(yi, pred, average="weighted")),
        "recall_weighted": f(metrics.recall_score(yi, pred, average="weighted")),
        "log_loss": f(metrics.log_loss(yi, P, labels=list(range(len(classes))))),
    },
    "confusion_matrix": {"rows_true_cols_predicted_in_classes_order": metrics.confusion_matrix(yi, pred).tolist()},
    "definitions": {
        "prediction": "argmax of the probability row (no ties occur here)",
        "weighted": "sklearn average='weighted': per-class metric weighted by the class's true count; equals Spark MulticlassMetrics weightedFMeasure (beta=1) / weightedPrecision / weightedRecall (weightedRecall == accuracy)",
        "log_loss": "sklearn log_loss: mean of -log P[i, y_i], clipped at float64 eps; Spark's MulticlassClassificationEvaluator logLoss clips at eps=1e-15 instead, which makes no difference unless some P[i, y_i] < 1e-15",
    },
    "min_true_class_probability": f(P[np.arange(len(yi)), yi].min()),
    "labels": yi.tolist(),
    "predictions": pred.tolist(),
    "probabilities": P.tolist(),
    "tools": TOOLS,
    "command": COMMAND,
})

# ------------------------------------------------------------------ regression: diabetes OLS
src_name = "linear_diabetes_ols_lm.json"
src = load(src_name)
db = pd.read_csv(DATA / "diabetes.csv")
yr = db["progression"].to_numpy(dtype=np.float64)
assert np.array_equal(yr, np.asarray(src["labels_all_rows"], dtype=np.float64))
pr = np.asarray(src["predictions_all_rows"], dtype=np.float64)
mse = metrics.mean_squared_error(yr, pr)
write("metrics_regression_diabetes.json", {
    "source_predictions": src_name + " -> predictions_all_rows (R lm OLS fit on all rows)",
    "dataset": "ml-core/src/test/resources/data/diabetes.csv",
    "label": "progression",
    "n": int(len(yr)),
    "metrics": {
        "rmse": f(metrics.root_mean_squared_error(yr, pr)),
        "mse": f(mse),
        "mae": f(metrics.mean_absolute_error(yr, pr)),
        "r2": f(metrics.r2_score(yr, pr)),
    },
    "definitions": {
        "mse": "mean((y - yhat)^2) (divides by n, as Spark's RegressionEvaluator)",
        "rmse": "sqrt(mse)",
        "mae": "mean(|y - yhat|)",
        "r2": "1 - SS_res / SS_tot with SS_tot about the mean of y (Spark's r2 with throughOrigin = false)",
    },
    "labels": yr.tolist(),
    "predictions": pr.tolist(),
    "tools": TOOLS,
    "command": COMMAND,
})
