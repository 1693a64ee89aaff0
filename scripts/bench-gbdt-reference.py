"""Trains LightGBM (and XGBoost) on the data Lode's GBDT benchmark trains on, for `npm run bench`.

Reads a JSON request on stdin:
  {"library": "lightgbm" | "xgboost", "threads": 2, "rounds": 100,
   "data": {"kind": "parquet", "train": path, "valid": path, "label": name, "positive": value}
         | {"kind": "raw", "features": F, "trainX": path, "trainY": path, "validX": path, "validY": path}}
Raw files are little-endian float64, row-major X. Prints {"seconds", "cpuSeconds", "auc", "peakMb"}:
training time (data set construction included, as LightGBM bins inside lgb.train), validation AUC,
and the growth of peak memory during training.
"""

import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score


def load(data):
    if data["kind"] == "raw":
        f = data["features"]
        x, y = np.fromfile(data["trainX"]).reshape(-1, f), np.fromfile(data["trainY"])
        xv, yv = np.fromfile(data["validX"]).reshape(-1, f), np.fromfile(data["validY"])
        return x, y, xv, yv
    train, valid = pd.read_parquet(data["train"]), pd.read_parquet(data["valid"])
    positive = str(data["positive"]).lower().rstrip(".")
    label = lambda df: (df.pop(data["label"]).astype(str).str.lower().str.rstrip(".") == positive).astype(int).to_numpy()
    y, yv = label(train), label(valid)
    for column in train.columns:
        if not pd.api.types.is_numeric_dtype(train[column]) or pd.api.types.is_bool_dtype(train[column]):
            categories = pd.Categorical(train[column].astype(str).where(train[column].notna())).categories
            train[column] = pd.Categorical(train[column].astype(str).where(train[column].notna()), categories=categories)
            valid[column] = pd.Categorical(valid[column].astype(str).where(valid[column].notna()), categories=categories)
    return train, y, valid, yv


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    request = json.load(sys.stdin)
    x, y, xv, yv = load(request["data"])
    threads, rounds = request["threads"], request["rounds"]
    before = peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    if request["library"] == "lightgbm":
        import lightgbm as lgb

        params = {"objective": "binary", "num_threads": threads, "verbose": -1, "seed": 0}
        model = lgb.train(params, lgb.Dataset(x, y), num_boost_round=rounds)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        scores = model.predict(xv)
    else:
        import xgboost as xgb

        params = {"objective": "binary:logistic", "tree_method": "hist", "grow_policy": "lossguide", "max_leaves": 31,
                  "max_depth": 0, "eta": 0.1, "max_bin": 255, "min_child_weight": 1e-3, "nthread": threads}
        matrix = xgb.DMatrix(x, y, enable_categorical=True)
        model = xgb.train(params, matrix, num_boost_round=rounds)
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
        scores = model.predict(xgb.DMatrix(xv, enable_categorical=True))
    growth = peak_mb() - before
    print(json.dumps({"seconds": seconds, "cpuSeconds": cpu_seconds, "auc": float(roc_auc_score(yv, scores)), "peakMb": growth}))


if __name__ == "__main__":
    main()
