#!/usr/bin/env python3
"""Writes the synthetic customer table of the README's walk-through (search-spaces/tabular/churn*.csv),
standard library only, seeded, so it is the same on every machine:

    python3 deploy/tools/churn_table.py search-spaces/tabular

churn.csv: 2 000 customers as a spreadsheet exports them: a row-number `customer id`, `age`,
`annual income` (18 cells `N/A`), `city`, `plan`, `monthly visits`, `tenure_years` and the label
`churned` (0.0/1.0), which depends on visits, plan, tenure and age plus noise.
churn-new.csv: 300 more customers from the same process, without the label (to predict), and
churn-new-labelled.csv: the same 300 with their label (to evaluate).
"""
import csv, math, os, random, sys

CITIES = ["Lyon", "Paris", "Nantes", "Lille", "Nice", "Rennes"]
PLANS = ["basic", "plus", "pro"]


def customers(rng, n, first_id, missing):
    rows = []
    for i in range(n):
        age = rng.randint(18, 79)
        income = round(rng.gauss(45000, 12000), 2)
        city = rng.choice(CITIES)
        plan = rng.choice(PLANS)
        visits = min(30, int(rng.expovariate(1 / 6)))
        tenure = round(rng.expovariate(1 / 3), 1)
        z = -1.0 - 0.25 * visits + 0.9 * (plan == "basic") - 0.3 * tenure + 0.02 * (age - 45) + rng.gauss(0, 0.5)
        churned = 1.0 if z > -2.3 else 0.0
        rows.append([first_id + i, age, "N/A" if i in missing else income, city, plan, visits, tenure, churned])
    return rows


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    rng = random.Random(5)
    header = ["customer id", "age", "annual income", "city", "plan", "monthly visits", "tenure_years", "churned"]
    train = customers(rng, 2000, 1, set(rng.sample(range(2000), 18)))
    new = customers(rng, 300, 2001, set())
    with open(os.path.join(out, "churn.csv"), "w", newline="") as f:
        csv.writer(f).writerows([header] + train)
    with open(os.path.join(out, "churn-new.csv"), "w", newline="") as f:
        csv.writer(f).writerows([header[:-1]] + [r[:-1] for r in new])
    with open(os.path.join(out, "churn-new-labelled.csv"), "w", newline="") as f:
        csv.writer(f).writerows([header] + new)


main()
