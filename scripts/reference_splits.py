"""The reference splits of Lode's quality tests, for the fixture scripts: the same files and
splits as main/training/testing/reference-data.ts. Adult uses its own train and test files; bank
marketing (without `duration`, which leaks the outcome), lending_club and california housing put
every fifth row (row index % 5 == 4) in validation. Each loader returns train X, train y, valid X,
valid y (pandas frames and numpy labels; binary labels as 0/1)."""

from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "datasets"


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


def design(train, valid):
    """Columns named as Lode names coefficients: `feature` for numbers, `feature=value` for categories."""
    names, train_cols, valid_cols = [], [], []
    for column in train.columns:
        if pd.api.types.is_numeric_dtype(train[column]):
            x = train[column].astype(float)
            mean = x.mean()
            std = np.sqrt(((x.dropna() - mean) ** 2).mean()) or 1.0
            names.append(column)
            train_cols.append(((x.fillna(mean) - mean) / std).to_numpy())
            valid_cols.append(((valid[column].astype(float).fillna(mean) - mean) / std).to_numpy())
        else:
            for value in sorted(train[column].dropna().unique()):
                names.append(f"{column}={value}")
                train_cols.append((train[column] == value).astype(float).to_numpy())
                valid_cols.append((valid[column] == value).astype(float).to_numpy())
    return names, np.column_stack(train_cols), np.column_stack(valid_cols)
