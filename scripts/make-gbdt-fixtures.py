"""Writes main/training/fixtures/gbdt-reference.json: LightGBM's validation AUC (RMSE for
california housing) on the reference splits (the same files and splits as
main/training/testing/reference-data.ts), with LightGBM's defaults (255 bins, 31 leaves, learning rate 0.1, 100 rounds), text columns as pandas categories
(LightGBM's native categorical splits). Lode's GBDT quality test compares against these figures.

    $(bash scripts/python-env.sh) scripts/make-gbdt-fixtures.py
"""

import json
import subprocess
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"
OUT = ROOT / "main" / "training" / "fixtures" / "gbdt-reference.json"


def adult():
    read = lambda f: pd.read_csv(DATA / "uci_adult" / f, sep=",", skipinitialspace=True, na_values="?")
    train, valid = read("adult.data"), read("adult.test")
    label = lambda df: (df.pop("ltgt50k").str.rstrip(".") == ">50K").astype(int).to_numpy()
    return train, label(train), valid, label(valid)


def every_fifth(df, label, positive, drop=()):
    df = df.drop(columns=list(drop))
    y = (df.pop(label).astype(str) == positive).astype(int).to_numpy()
    valid = np.arange(len(df)) % 5 == 4
    return df[~valid].reset_index(drop=True), y[~valid], df[valid].reset_index(drop=True), y[valid]


def bank():
    df = pd.read_csv(DATA / "uci_bank_marketing" / "bank-additional-full.csv", sep=";")
    return every_fifth(df, "y", "yes", drop=["duration"])


def lending_club():
    df = pd.read_csv(DATA / "modeldata_credit_churn" / "lending_club.csv")
    return every_fifth(df, "Class", "bad")


def california():
    df = pd.read_csv(DATA / "california_housing" / "housing.csv")
    y = df.pop("median_house_value").to_numpy()
    valid = np.arange(len(df)) % 5 == 4
    return df[~valid].reset_index(drop=True), y[~valid], df[valid].reset_index(drop=True), y[valid]


def as_categories(train, valid):
    for column in train.columns:
        if not pd.api.types.is_numeric_dtype(train[column]):
            categories = pd.Categorical(train[column]).categories
            train[column] = pd.Categorical(train[column], categories=categories)
            valid[column] = pd.Categorical(valid[column], categories=categories)
    return train, valid


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
