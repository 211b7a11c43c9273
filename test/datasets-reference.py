#!/usr/bin/env python3
"""Reference profiles for test/datasets.test.ts, from pandas (Debian python3-pandas): penguins.csv as
shipped (version 1) and edited as the test edits it (version 2: data rows 1-5 deleted, data rows
99-108 appended again). Run from the project root:
  /usr/bin/python3 test/datasets-reference.py > test/datasets-reference.json
"""
import io
import json
import pandas as pd

lines = open('../shared/data/penguins.csv', encoding='utf8').read().splitlines(True)
versions = {'v1': lines, 'v2': [lines[0]] + lines[6:] + lines[100:110]}


def profile(text):
    df = pd.read_csv(io.StringIO(text))
    rows = len(df)
    cols = []
    for name in df.columns:
        s = df[name]
        c = {'name': name, 'missingShare': float(s.isna().sum()) / rows, 'distinct': int(s.nunique())}
        if pd.api.types.is_numeric_dtype(s):
            c.update(mean=float(s.mean()), min=float(s.min()), max=float(s.max()))
        else:
            counts = s.value_counts()
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            c['topValues'] = [{'value': v, 'count': int(n)} for v, n in top]
        cols.append(c)
    return {'rows': rows, 'columns': cols}


print(json.dumps({k: profile(''.join(v)) for k, v in versions.items()}, indent=2))
