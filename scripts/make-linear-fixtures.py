"""Writes main/training/fixtures/linear-reference.json: scikit-learn's logistic and linear
regressions on the reference splits, with the preprocessing Lode puts in its linear models
(numbers imputed with the training mean and standardized, categories one-hot encoded with missing
and unseen values as all zeros), fitted to convergence. Lode's tests compare coefficients,
intercepts and validation AUC or RMSE with these.

    $(bash scripts/python-env.sh) scripts/make-linear-fixtures.py
"""

import json
import subprocess

import numpy as np
import sklearn
from sklearn.linear_model import Lasso, LogisticRegression, Ridge
from sklearn.metrics import roc_auc_score

from reference_splits import ROOT, adult, bank, california, design

OUT = ROOT / "main" / "training" / "fixtures" / "linear-reference.json"


def record(names, model, quality, predictions):
    # Predictions on the first validation rows: the intercept and one-hot coefficients can trade
    # off along an almost flat direction, so predictions are what two converged fits share.
    return {
        "intercept": float(np.ravel(model.intercept_)[0]),
        "coef": dict(zip(names, map(float, np.ravel(model.coef_)))),
        "validPredictions": [float(v) for v in predictions[:200]],
        **quality,
    }


def main():
    results = {}
    for name, load in [("adult", adult), ("bank", bank)]:
        train, y, valid, yv = load()
        names, x, xv = design(train, valid)
        for penalty, C, solver in [("l2", 1.0, "lbfgs"), ("l1", 0.01, "saga")]:
            model = LogisticRegression(C=C, l1_ratio=1.0 if penalty == "l1" else 0.0, solver=solver, tol=1e-10, max_iter=100_000, random_state=0)
            model.fit(x, y)
            p = model.predict_proba(xv)[:, 1]
            auc = roc_auc_score(yv, p)
            results[f"{name}-logistic-{penalty}"] = record(names, model, {"penalty": penalty, "C": C, "validAuc": float(auc)}, p)
            print(name, penalty, auc)
    train, y, valid, yv = california()
    names, x, xv = design(train, valid)
    for penalty, alpha, model in [("l2", 10.0, Ridge(alpha=10.0, tol=1e-12)), ("l1", 100.0, Lasso(alpha=100.0, tol=1e-12, max_iter=1_000_000))]:
        model.fit(x, y)
        p = model.predict(xv)
        rmse = float(np.sqrt(np.mean((p - yv) ** 2)))
        results[f"california-linear-{penalty}"] = record(names, model, {"penalty": penalty, "alpha": alpha, "validRmse": rmse}, p)
        print("california", penalty, rmse)
    doc = {"generatedBy": f"scripts/make-linear-fixtures.py, scikit-learn {sklearn.__version__}", "models": results}
    OUT.write_text(json.dumps(doc, indent=2) + "\n")
    subprocess.run(["npx", "prettier", "--write", str(OUT)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
