"""Writes main/training/fixtures/gbdt-reference.json: LightGBM's validation AUC (RMSE for
california housing) on the reference splits (the same files and splits as
main/training/testing/reference-data.ts), with LightGBM's defaults (255 bins, 31 leaves, learning
rate 0.1, 100 rounds), text columns as pandas categories (LightGBM's native categorical splits). Lode's GBDT quality test compares against these figures.

    $(bash scripts/python-env.sh) scripts/make-gbdt-fixtures.py
"""

import json
import subprocess

import lightgbm as lgb
import numpy as np
from sklearn.metrics import roc_auc_score

from reference_splits import ROOT, adult, as_categories, bank, california, lending_club

OUT = ROOT / "main" / "training" / "fixtures" / "gbdt-reference.json"


def main():
    results = {}
    for name, load in [("adult", adult), ("bank", bank), ("lending_club", lending_club)]:
        train, y_train, valid, y_valid = load()
        train, valid = as_categories(train, valid)
        params = {"objective": "binary", "num_threads": 2, "verbose": -1, "seed": 0, "deterministic": True}
        booster = lgb.train(params, lgb.Dataset(train, y_train), num_boost_round=100)
        auc = roc_auc_score(y_valid, booster.predict(valid))
        results[name] = {"rounds": 100, "trainRows": len(train), "validRows": len(valid), "lightgbmAuc": float(auc)}
        print(name, results[name])
    train, y_train, valid, y_valid = california()
    train, valid = as_categories(train, valid)
    params = {"objective": "regression", "num_threads": 2, "verbose": -1, "seed": 0, "deterministic": True}
    booster = lgb.train(params, lgb.Dataset(train, y_train), num_boost_round=100)
    rmse = float(np.sqrt(np.mean((booster.predict(valid) - y_valid) ** 2)))
    results["california"] = {"rounds": 100, "trainRows": len(train), "validRows": len(valid), "lightgbmRmse": rmse}
    print("california", results["california"])
    doc = {"generatedBy": f"scripts/make-gbdt-fixtures.py, LightGBM {lgb.__version__}", "datasets": results}
    OUT.write_text(json.dumps(doc, indent=2) + "\n")
    subprocess.run(["npx", "prettier", "--write", str(OUT)], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
