"""Writes shared/metrics/fixtures/metrics.json: fixed inputs and the values scikit-learn (and numpy,
for the ranking metrics scikit-learn lacks) computes for them. Lode's metric code is checked
against this file, so the tests need no Python. Run with the test environment's python:

    $(bash scripts/python-env.sh) scripts/make-metric-fixtures.py
"""

import json
import subprocess
from pathlib import Path

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    confusion_matrix,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_absolute_percentage_error,
    precision_recall_curve,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    roc_curve,
    root_mean_squared_error,
)

OUT = Path(__file__).resolve().parent.parent / "shared" / "metrics" / "fixtures" / "metrics.json"


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64)]


def binary_case(name, y, s, threshold=0.5, k=None, bins=10):
    y = np.asarray(y, dtype=np.float64)
    s = np.asarray(s, dtype=np.float64)
    pred = (s >= threshold).astype(np.float64)
    fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
    precision, recall, pr_thr = precision_recall_curve(y, s)
    tn, fp, fn, tp = confusion_matrix(y, pred, labels=[0, 1]).ravel()
    # Ranking metrics: rows sorted by score, highest first, ties in row order.
    order = np.argsort(-s, kind="stable")
    k = k if k is not None else len(y) // 10
    top = y[order[:k]]
    deciles = []
    total_pos = y.sum()
    base = total_pos / len(y)
    cum_pos = 0.0
    cum_n = 0
    for part in np.array_split(order, 10):
        pos = float(y[part].sum())
        cum_pos += pos
        cum_n += len(part)
        deciles.append(
            {
                "count": int(len(part)),
                "positives": pos,
                "rate": pos / len(part),
                "lift": (pos / len(part)) / base,
                "cumulativeGain": cum_pos / total_pos,
                "cumulativeLift": (cum_pos / cum_n) / base,
            }
        )
    prob_true, prob_pred = calibration_curve(y, s, n_bins=bins, strategy="uniform")
    return {
        "name": name,
        "labels": floats(y),
        "scores": floats(s),
        "threshold": threshold,
        "k": k,
        "expected": {
            "auc": float(roc_auc_score(y, s)),
            "logloss": float(log_loss(y, s, labels=[0, 1])),
            "ks": float(np.max(tpr - fpr)),
            "accuracy": float(accuracy_score(y, pred)),
            "precision": float(precision_score(y, pred, zero_division=0)),
            "recall": float(recall_score(y, pred, zero_division=0)),
            "f1": float(f1_score(y, pred, zero_division=0)),
            "confusion": {"tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp)},
            "averagePrecision": float(average_precision_score(y, s)),
            "precisionAtK": float(top.sum() / k),
            "recallAtK": float(top.sum() / total_pos),
            "roc": {"fpr": floats(fpr), "tpr": floats(tpr), "threshold": floats(thr[1:])},
            "pr": {"precision": floats(precision), "recall": floats(recall), "threshold": floats(pr_thr)},
            "deciles": deciles,
            "calibration": {"bins": bins, "fractionPositive": floats(prob_true), "meanPredicted": floats(prob_pred)},
        },
    }


def regression_case(name, y, p):
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    return {
        "name": name,
        "labels": floats(y),
        "predictions": floats(p),
        "expected": {
            "rmse": float(root_mean_squared_error(y, p)),
            "mae": float(mean_absolute_error(y, p)),
            "r2": float(r2_score(y, p)),
            "mape": float(mean_absolute_percentage_error(y, p)),
        },
    }


def main():
    rng = np.random.default_rng(20240605)
    binary = []
    y = (rng.random(600) < 0.3).astype(np.float64)
    s = 1 / (1 + np.exp(-(1.4 * (2 * y - 1) + rng.normal(0, 1.5, 600))))
    binary.append(binary_case("continuous scores", y, s, k=60))
    y = (rng.random(400) < 0.5).astype(np.float64)
    s = np.round(np.clip(0.5 + 0.25 * (2 * y - 1) + rng.normal(0, 0.3, 400), 0, 1), 1)
    binary.append(binary_case("scores with many ties, including 0 and 1", y, s, threshold=0.4, k=37))
    binary.append(
        binary_case(
            "ten rows by hand",
            [0, 0, 1, 1, 0, 1, 0, 1, 1, 0],
            [0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.65, 0.5, 0.7, 0.3],
            k=3,
            bins=5,
        )
    )
    y = (rng.random(1000) < 0.05).astype(np.float64)
    s = np.float32(1 / (1 + np.exp(-(2.0 * y - 3 + rng.normal(0, 1, 1000)))))
    binary.append(binary_case("rare positives, float32 scores", y, s, threshold=0.2, k=50))

    regression = []
    y = rng.normal(10, 3, 500)
    regression.append(regression_case("normal target", y, y + rng.normal(0, 1, 500)))
    y = np.round(rng.exponential(2, 300), 2)
    regression.append(regression_case("skewed target with zeros", y, np.maximum(0, y * 0.8 + rng.normal(0, 0.5, 300))))
    regression.append(regression_case("constant prediction", [1, 2, 3, 4], [2.5, 2.5, 2.5, 2.5]))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc = {"generatedBy": f"scripts/make-metric-fixtures.py, scikit-learn {sklearn.__version__}", "binary": binary, "regression": regression}
    OUT.write_text(json.dumps(doc) + "\n")
    # The repository checks formatting of every JSON file.
    subprocess.run(["npx", "prettier", "--write", str(OUT)], check=True, cwd=OUT.parents[3])
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
