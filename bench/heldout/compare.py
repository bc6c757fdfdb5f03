#!/usr/bin/python3
"""Held-out accuracy and training time: `dff train --validation 0.2 --early-stop 20` against
scikit-learn's MLPClassifier with the same hidden widths, on the fixed splits in data/
(make_splits.py). Not part of CI; run by hand and record the output in README.md:

    /usr/bin/python3 bench/heldout/compare.py build/release/cli/dff   # writes results.json

For each data set, dff trains with its defaults (seeds 1..SEEDS) on NAME-train.csv, holding out
20 % of it for early stopping; the accuracy is `dff evaluate` on NAME-test.csv and the time
is the wall time of the `dff train` process. scikit-learn fits make_pipeline(StandardScaler(),
MLPClassifier(hidden_layer_sizes=(W,), random_state=s)) (s = 0..SEEDS-1, its defaults otherwise:
relu, adam, learning rate 0.001, batch 200, 200 iterations, L2 alpha 1e-4) on all of
NAME-train.csv, with W the hidden width dff chose; the time is that of fit() alone.
"""
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
SETS = ["iris", "wine", "breast_cancer", "digits"]
# One test row of breast cancer is 0.7 points and a run's accuracy varies by about 0.6 points
# between seeds: over 10 seeds a mean is known to 0.2 points, over 30 to 0.1.
SEEDS = 30


def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    return np.array([[float(v) for v in r[:-1]] for r in rows]), np.array([r[-1] for r in rows])


def run_dff(dff, name, seed, folder):
    model = os.path.join(folder, f"{name}-{seed}.json")
    start = time.perf_counter()
    subprocess.run([dff, "train", os.path.join(HERE, "data", f"{name}-train.csv"), "--validation", "0.2",
                    "--early-stop", "20", "--seed", str(seed), "-q", "-o", model], check=True)
    seconds = time.perf_counter() - start
    out = subprocess.run([dff, "evaluate", model, os.path.join(HERE, "data", f"{name}-test.csv"), "--json"],
                         check=True, capture_output=True, text=True).stdout
    with open(model) as f:
        m = json.load(f)
    return json.loads(out)["accuracy"], seconds, m["topology"][1:-1], m["training"]


def run_sklearn(name, widths, seed):
    x_train, y_train = load(os.path.join(HERE, "data", f"{name}-train.csv"))
    x_test, y_test = load(os.path.join(HERE, "data", f"{name}-test.csv"))
    model = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=tuple(widths), random_state=seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # 200 iterations often do not converge
        start = time.perf_counter()
        model.fit(x_train, y_train)
        seconds = time.perf_counter() - start
    return float((model.predict(x_test) == y_test).mean()), seconds


def main():
    dff = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/release/cli/dff")
    results = {"seeds": SEEDS}
    with tempfile.TemporaryDirectory() as folder:
        for name in SETS:
            runs = [run_dff(dff, name, seed, folder) for seed in range(1, SEEDS + 1)]
            widths = runs[0][2]
            sk = [run_sklearn(name, widths, seed) for seed in range(SEEDS)]
            results[name] = {
                "hidden": widths,
                "dff": {"accuracy_seed1": runs[0][0], "accuracy_mean": statistics.mean(r[0] for r in runs),
                        "seconds_median": statistics.median(r[1] for r in runs),
                        "epochs_median": statistics.median(r[3]["epochs"] for r in runs)},
                "sklearn": {"accuracy_seed0": sk[0][0], "accuracy_mean": statistics.mean(s[0] for s in sk),
                            "seconds_median": statistics.median(s[1] for s in sk)},
            }
            r = results[name]
            print(f"{name:14} hidden {widths}: dff {r['dff']['accuracy_mean']:.4f} "
                  f"(seed 1 {r['dff']['accuracy_seed1']:.4f}) in {r['dff']['seconds_median']:.3f} s, "
                  f"sklearn {r['sklearn']['accuracy_mean']:.4f} (seed 0 {r['sklearn']['accuracy_seed0']:.4f}) "
                  f"in {r['sklearn']['seconds_median']:.3f} s")
    with open(os.path.join(HERE, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
