#!/usr/bin/python3
"""Writes the fixed held-out splits of four public data sets that scikit-learn ships
(iris, wine, breast cancer, digits) as CSV files in data/: NAME-train.csv (75 %) and
NAME-test.csv (25 %), stratified by class, random_state 0. Class labels are written as
text so that dff reads them as classes. Run once; the files are committed.

    /usr/bin/python3 bench/heldout/make_splits.py   # scikit-learn 1.2.1 (Debian 12)
"""
import csv
import os

from sklearn import datasets
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))


def label_names(name, bunch):
    if name == "digits":
        return [f"digit{k}" for k in range(10)]
    return [str(n) for n in bunch.target_names]


def number(v):
    # Shortest text that reads back as the same double; integers without ".0".
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text


def write(path, header, rows, labels, names):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row, label in zip(rows, labels):
            w.writerow([number(v) for v in row] + [names[label]])


def main():
    loaders = {
        "iris": datasets.load_iris,
        "wine": datasets.load_wine,
        "breast_cancer": datasets.load_breast_cancer,
        "digits": datasets.load_digits,
    }
    for name, load in loaders.items():
        bunch = load()
        features = [str(n).replace(" ", "_") for n in bunch.feature_names]
        x_train, x_test, y_train, y_test = train_test_split(
            bunch.data, bunch.target, test_size=0.25, stratify=bunch.target, random_state=0)
        names = label_names(name, bunch)
        header = features + ["class"]
        write(os.path.join(HERE, "data", f"{name}-train.csv"), header, x_train, y_train, names)
        write(os.path.join(HERE, "data", f"{name}-test.csv"), header, x_test, y_test, names)
        print(f"{name}: {len(y_train)} training rows, {len(y_test)} test rows, {bunch.data.shape[1]} inputs, "
              f"{len(names)} classes")


if __name__ == "__main__":
    main()
