"""Reference values for StandardScalerTest: numpy's column mean and sample standard deviation (ddof=1)
of the 30 feature columns of breast_cancer.csv, in float64.

Run from the repository root:  .venv/bin/python ml-algorithms/src/test/resources/reference/standard_scaler_breast_cancer.py
"""
import csv
import json
import pathlib

import numpy as np

root = pathlib.Path(__file__).resolve().parents[5]
data = root / "ml-core/src/test/resources/data/breast_cancer.csv"
with open(data, newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
features = [c for c in header if c != "diagnosis"]
x = np.array([[float(r[header.index(c)]) for c in features] for r in body], dtype=np.float64)
out = {
    "source": "ml-core/src/test/resources/data/breast_cancer.csv",
    "numpy": np.__version__,
    "rows": int(x.shape[0]),
    "columns": features,
    "mean": [float(v) for v in x.mean(axis=0)],
    "std_ddof1": [float(v) for v in x.std(axis=0, ddof=1)],
    "first_row_scaled_with_mean": [float(v) for v in ((x[0] - x.mean(axis=0)) / x.std(axis=0, ddof=1))],
}
target = pathlib.Path(__file__).with_name("standard_scaler_breast_cancer.json")
target.write_text(json.dumps(out, indent=1) + "\n")
print("wrote", target)
