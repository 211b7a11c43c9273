#!/usr/bin/env python3
"""Reference figures for the monitor tests, from scipy (Debian python3-scipy), following Evidently's
default drift tests (stattests/registry.py, utils.get_binned_data) on adult-train / adult-test.
Run from the project root:  /usr/bin/python3 nodes/monitor/drift-reference.py > nodes/monitor/drift-reference.json
"""
import json
import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

DATA = '../shared/data'
COLS = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship',
        'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income']
NUMERIC = ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week']


def load(name):
    df = pd.read_csv(f'{DATA}/{name}', header=None, names=COLS, dtype=str, skip_blank_lines=True)
    df = df[df['age'].str.strip() != '']
    for c in COLS:
        df[c] = df[c].str.strip().replace('?', np.nan)
    for c in NUMERIC:
        df[c] = df[c].astype('Int64').astype('float').astype('Int64')
    df['income'] = df['income'].str.rstrip('.')
    return df.reset_index(drop=True)


def binned(ref, cur, numeric):
    if numeric and ref.nunique() > 20:
        edges = np.histogram_bin_edges(pd.concat([ref, cur]).values, bins='sturges')
        return np.histogram(ref, edges)[0] / len(ref), np.histogram(cur, edges)[0] / len(cur)
    keys = list(set(ref.unique()) | set(cur.unique()))
    rc, cc = ref.value_counts(), cur.value_counts()
    return np.array([rc.get(k, 0) / len(ref) for k in keys]), np.array([cc.get(k, 0) / len(cur) for k in keys])


def fill(p):
    m = min(p[p != 0])
    p = p.copy()
    np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return p


def drift(ref, cur, numeric, method=None):
    ref, cur = ref.dropna(), cur.dropna()
    if numeric:
        ref, cur = ref.astype('int64'), cur.astype('int64')
    n_values = pd.concat([ref, cur]).nunique()
    if method is None:
        if len(ref) <= 1000:
            method = 'ks' if numeric and n_values > 5 else ('chisquare' if n_values > 2 else 'z')
        else:
            method = 'wasserstein' if numeric and n_values > 5 else 'jensenshannon'
    if method == 'ks':
        return method, float(stats.ks_2samp(ref, cur)[1])
    if method == 'wasserstein':
        return method, float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001))
    if method == 'jensenshannon':
        r, c = binned(ref, cur, numeric)
        return method, float(distance.jensenshannon(r, c))
    if method == 'psi':
        r, c = binned(ref, cur, numeric)
        r, c = fill(r), fill(c)
        return method, float(np.sum((r - c) * np.log(r / c)))
    keys = list(set(ref.unique()) | set(cur.unique()))
    if method == 'chisquare':
        rc, cc = ref.value_counts(), cur.value_counts()
        k = len(cur) / len(ref)
        return method, float(stats.chisquare([cc.get(x, 0) for x in keys], [rc.get(x, 0) * k for x in keys])[1])
    first = sorted(keys)[0]
    r, c = (ref != first).astype(float), (cur != first).astype(float)
    p1, p2 = r.mean(), c.mean()
    P = (p1 * len(r) + p2 * len(c)) / (len(r) + len(c))
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1 / len(r) + 1 / len(c)))
    return 'z', float(2 * (1 - stats.norm.cdf(abs(z))))


def report(ref, cur, methods=None):
    out = {}
    for c in COLS:
        if c not in cur.columns:
            continue
        m, s = drift(ref[c], cur[c], c in NUMERIC, (methods or {}).get(c))
        out[c] = {'method': m, 'score': s}
    return out


train, test = load('adult-train.csv'), load('adult-test.csv')
drifted = test.copy()
drifted['age'] = drifted['age'] + 15
drifted = drifted[drifted['workclass'] != 'Self-emp-not-inc'].reset_index(drop=True)

# The prediction log test: test rows 0-199 logged two days ago, rows 200-399 with age + 15 logged
# half an hour ago; the model answered "<=50K" to every row.
day1 = test.iloc[0:200].reset_index(drop=True)
recent = test.iloc[200:400].reset_index(drop=True)
recent['age'] = recent['age'] + 15
share = train['income'].value_counts(normalize=True)

print(json.dumps({
    'log_day1': report(train, day1),
    'log_recent': report(train, recent),
    'log_all': report(train, pd.concat([day1, recent])),
    'log_prediction_all_low': float(distance.jensenshannon([share['<=50K'], share['>50K']], [1.0, 0.0])),
    'log_accuracy_recent': float((recent['income'] == '<=50K').mean()),
    'scipy': __import__('scipy').__version__,
    'rows': {'train': len(train), 'test': len(test), 'drifted': len(drifted)},
    'train_vs_test': report(train, test),
    'train_vs_drifted': report(train, drifted),
    'small_train_vs_test': report(train.head(800), test.head(3000)),
    'small_equal_sizes': report(train.head(500), test.head(500)),
    'overrides': report(train, test, {'age': 'psi', 'workclass': 'psi', 'hours-per-week': 'ks', 'sex': 'chisquare', 'fnlwgt': 'jensenshannon'}),
}, indent=1, sort_keys=True))
