"""Writes main/training/fixtures/mlp-reference.json: scikit-learn's MLP on the reference splits with
the preprocessing of Lode's MLP (numbers imputed and standardized, categories one-hot, regression
targets standardized) and the same settings: one hidden layer of 32 ReLU units, Adam with step
1e-3, batches of 256, alpha 1e-4, 30 epochs. Training is random, so Lode's tests compare quality
(validation AUC or RMSE) with a margin, not weights.

    $(bash scripts/python-env.sh) scripts/make-mlp-fixtures.py
"""

import json
import subprocess
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier, MLPRegressor

from reference_splits import ROOT, adult, california, design

OUT = ROOT / "main" / "training" / "fixtures" / "mlp-reference.json"
SETTINGS = dict(hidden_layer_sizes=(32,), alpha=1e-4, batch_size=256, learning_rate_init=1e-3, max_iter=30, tol=0, n_iter_no_change=1000)


def main():
    warnings.simplefilter("ignore", ConvergenceWarning)
    results = {}
    train, y, valid, yv = adult()
    _, x, xv = design(train, valid)
    aucs = [roc_auc_score(yv, MLPClassifier(random_state=seed, **SETTINGS).fit(x, y).predict_proba(xv)[:, 1]) for seed in range(3)]
    results["adult"] = {"validAuc": float(np.mean(aucs)), "seeds": [float(a) for a in aucs]}
    print("adult", aucs)
    train, y, valid, yv = california()
    _, x, xv = design(train, valid)
    mean, std = y.mean(), y.std()
    rmses = []
    for seed in range(3):
        model = MLPRegressor(random_state=seed, **SETTINGS).fit(x, (y - mean) / std)
        rmses.append(float(np.sqrt(np.mean((model.predict(xv) * std + mean - yv) ** 2))))
    results["california"] = {"validRmse": float(np.mean(rmses)), "seeds": rmses}
    print("california", rmses)
    doc = {"generatedBy": f"scripts/make-mlp-fixtures.py, scikit-learn {sklearn.__version__}", "settings": "32 ReLU units, Adam 1e-3, batch 256, alpha 1e-4, 30 epochs", "models": results}
    OUT.write_text(json.dumps(doc, indent=2) + "\n")
    subprocess.run(["npx", "prettier", "--write", str(OUT)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
