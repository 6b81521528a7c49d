"""scikit-learn's MLP with GridSearchCV on a sparksweep table split, beside the sweep's own result.

Selection as sparksweep does it: on the validation part (PredefinedSplit), then the chosen
configuration is trained on the training part alone and scored on the test part. Also printed:
the best test score of any configuration in the grid (an optimistic upper reference).
"""
import csv
import re
import statistics
import sys
from collections import defaultdict

import numpy as np
from sklearn.compose import TransformedTargetRegressor
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import GridSearchCV, ParameterGrid, PredefinedSplit
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler


def load(path):
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    x = np.array([r[:-1] for r in rows], dtype=float)
    y = [r[-1] for r in rows]  # a class name, or a regression target
    try:
        return x, np.array(y, dtype=float)
    except ValueError:
        return x, np.array(y)


def sparksweep_best(log):
    """Rank-1 configuration by mean validation metric over repeats, from the sweep's progress lines."""
    line = re.compile(r"^\[\s*\d+/\d+\] OK\s+(.*) r\d+\s+val (acc|rmse) (\S+)\s+test (acc|rmse) (\S+)\s+(?:loss|r2) (\S+)")
    by = defaultdict(list)
    for text in open(log):
        m = line.match(text)
        if m:
            by[m.group(1)].append((float(m.group(3)), float(m.group(5)), float(m.group(6)), m.group(2)))
    kind = next(iter(by.values()))[0][3]
    key = lambda c: statistics.mean(v[0] for v in by[c])
    best = (min if kind == "rmse" else max)(by, key=key)
    vals = by[best]
    return kind, best, statistics.mean(v[0] for v in vals), statistics.mean(v[1] for v in vals), statistics.mean(v[2] for v in vals), len(by)


def main(split, log):
    xtr, ytr = load(f"{split}/train.csv")
    xva, yva = load(f"{split}/validation.csv")
    xte, yte = load(f"{split}/test.csv")
    x = np.vstack([xtr, xva])
    y = np.concatenate([ytr, yva])
    fold = PredefinedSplit([-1] * len(ytr) + [0] * len(yva))
    kind, config, val, test, extra, n = sparksweep_best(log)
    grid = {"hidden_layer_sizes": [(64,), (256,), (64, 64)], "alpha": [1e-4, 1e-2], "learning_rate_init": [1e-3, 3e-3]}
    if kind == "acc":
        model = MLPClassifier(max_iter=500, random_state=0)
        search = GridSearchCV(model, grid, cv=fold, refit=False).fit(x, y)
        chosen = MLPClassifier(max_iter=500, random_state=0, **search.best_params_).fit(xtr, ytr)
        sk_test = chosen.score(xte, yte)
        best_any = max(MLPClassifier(max_iter=500, random_state=0, **p).fit(xtr, ytr).score(xte, yte) for p in ParameterGrid(grid))
        print(f"\n{'':12} {'validation acc':>15} {'test acc':>10}  chosen configuration")
        print(f"{'sparksweep':12} {val:15.4f} {test:10.4f}  {config} (best of {n}, mean over repeats)")
        print(f"{'scikit-learn':12} {search.best_score_:15.4f} {sk_test:10.4f}  {search.best_params_} (MLPClassifier, GridSearchCV on the validation part)")
        print(f"{'':12} {'':15} {best_any:10.4f}  best test accuracy of any scikit-learn configuration in its grid")
        print(f"difference in test accuracy: {100 * (test - sk_test):+.2f} pp (against the grid's best test: {100 * (test - best_any):+.2f} pp)")
    else:
        def reg(**p):
            # scikit-learn's MLPRegressor does not scale the target; sparksweep does (standardize: true), so this does too
            return TransformedTargetRegressor(MLPRegressor(max_iter=2000, random_state=0, **p), transformer=StandardScaler())
        rgrid = {"regressor__" + k: v for k, v in grid.items()}
        search = GridSearchCV(reg(), rgrid, cv=fold, refit=False, scoring="neg_root_mean_squared_error").fit(x, y)
        params = {k.replace("regressor__", ""): v for k, v in search.best_params_.items()}
        pred = reg(**params).fit(xtr, ytr).predict(xte)
        rmse = mean_squared_error(yte, pred) ** 0.5
        r2 = r2_score(yte, pred)
        print(f"\n{'':12} {'validation RMSE':>15} {'test RMSE':>10} {'test R²':>8}  chosen configuration")
        print(f"{'sparksweep':12} {val:15.4g} {test:10.4g} {extra:8.4f}  {config} (best of {n}, mean over repeats)")
        print(f"{'scikit-learn':12} {-search.best_score_:15.4g} {rmse:10.4g} {r2:8.4f}  {params} (MLPRegressor, target standardized, GridSearchCV on the validation part)")
        print(f"test RMSE: sparksweep / scikit-learn = {test / rmse:.3f}; test R² difference {extra - r2:+.4f}; MAE scikit-learn {mean_absolute_error(yte, pred):.4g}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
