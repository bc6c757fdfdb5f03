#!/usr/bin/python3
"""Writes the held-out splits of four scikit-learn data sets as CSV (run once; the files are committed).

    /usr/bin/python3 tests/data/heldout/make_splits.py   # needs scikit-learn (Debian: python3-sklearn)

For each of iris, wine, breast_cancer and digits: a stratified 70 % / 30 % split with a fixed
seed (train_test_split(..., test_size=0.3, stratify=y, random_state=0)), as NAME_train.csv
and NAME_test.csv: a header row, the feature columns, then one column of class names (so
`dff train` one-hot encodes it). Values are written with Python's shortest repr.
"""
import csv
import os
import re

from sklearn import datasets
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = {
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "breast_cancer": datasets.load_breast_cancer,
    "digits": datasets.load_digits,
}


def column(name):
    return re.sub(r"[^A-Za-z0-9]+", "_", str(name)).strip("_")


def main():
    for name, load in SETS.items():
        data = load()
        features = [column(f) for f in getattr(data, "feature_names", [])] or [f"x{i}" for i in range(data.data.shape[1])]
        classes = [("digit" + str(c)) if name == "digits" else column(c) for c in data.target_names]
        x_train, x_test, y_train, y_test = train_test_split(
            data.data, data.target, test_size=0.3, stratify=data.target, random_state=0)
        for part, xs, ys in (("train", x_train, y_train), ("test", x_test, y_test)):
            with open(os.path.join(HERE, f"{name}_{part}.csv"), "w", newline="") as f:
                out = csv.writer(f, lineterminator="\n")
                out.writerow(features + ["class"])
                for x, y in zip(xs, ys):
                    out.writerow([repr(float(v)) if float(v) != int(v) else str(int(v)) for v in x] + [classes[y]])


if __name__ == "__main__":
    main()
