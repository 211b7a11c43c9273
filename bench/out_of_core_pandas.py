"""pandas side of bench/out-of-core.bench.ts: read_csv, describe, a page, sort_values, train_test_split
on the same CSV, each step's wall time and peak resident memory (VmHWM, reset before each step
through /proc/self/clear_refs). Prints one JSON line. Usage: /usr/bin/python3 out_of_core_pandas.py FILE"""
import json
import sys
import time

import pandas as pd
from sklearn.model_selection import train_test_split


def reset_peak():
    with open('/proc/self/clear_refs', 'w') as f:
        f.write('5')


def peak_mb():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024
    return float('nan')


steps = []


def step(name, fn):
    reset_peak()
    t0 = time.perf_counter()
    out = fn()
    steps.append({'step': name, 'seconds': time.perf_counter() - t0, 'peakMb': peak_mb()})
    return out


df = step('import', lambda: pd.read_csv(sys.argv[1]))
n = len(df)
step('profile', lambda: df.describe(include='all'))
step('page', lambda: df.iloc[n // 2 : n // 2 + 100].values.tolist())
step('sort', lambda: df.sort_values('x4', kind='stable').iloc[n // 2 : n // 2 + 100].values.tolist())
step('split', lambda: train_test_split(df, test_size=0.2, random_state=42))
print(json.dumps({'rows': n, 'pandas': pd.__version__, 'steps': steps}))
