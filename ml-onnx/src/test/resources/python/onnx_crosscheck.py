"""Runs models Ember logged with the onnx flavor, in Python: ONNX's checker, onnxruntime directly, and MLflow's
pyfunc (mlflow.pyfunc.load_model), on the dataset CSV the model was fitted on.

Usage: python onnx_crosscheck.py cases.json out.json, where cases.json is [{"name", "model_dir", "csv"}, ...].
Writes {name: {"ort": {output: values}, "pyfunc": {column: values}, "inputs": [...]}}; the Java test compares the
values with Ember's predictions (ml-onnx OnnxPythonCrossCheckTest).
"""
import json
import os
import sys

import mlflow.pyfunc
import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd


def main(cases_path, out_path):
    with open(cases_path) as f:
        cases = json.load(f)
    result = {}
    for case in cases:
        model_path = os.path.join(case["model_dir"], "model.onnx")
        onnx.checker.check_model(onnx.load(model_path), full_check=True)
        df = pd.read_csv(case["csv"])
        session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
        feed = {}
        for i in session.get_inputs():
            dtype = {"tensor(double)": np.float64, "tensor(float)": np.float32,
                     "tensor(int64)": np.int64, "tensor(int32)": np.int32, "tensor(string)": object}[i.type]
            feed[i.name] = df[i.name].to_numpy(dtype=dtype)
        names = [o.name for o in session.get_outputs()]
        ort_out = dict(zip(names, (v.tolist() for v in session.run(names, feed))))
        model = mlflow.pyfunc.load_model(case["model_dir"])
        # the columns in the signature's types: Ember's int columns are MLflow 'integer' (int32), which MLflow does
        # not convert a pandas int64 column to
        # (string columns as numpy object arrays: pandas 3's default string dtype is Arrow-backed, and MLflow's onnx
        # flavor hands Series.values to onnxruntime, which takes only numpy arrays)
        frame = pd.DataFrame({name: pd.Series(values, dtype=object) if values.dtype == object else values
                              for name, values in feed.items()})
        predicted = model.predict(frame)
        result[case["name"]] = {
            "inputs": list(feed),
            "ort": ort_out,
            "pyfunc": {c: predicted[c].tolist() for c in predicted.columns},
        }
    with open(out_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
