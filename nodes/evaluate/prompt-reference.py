"""Independent figures for prompt-eval.test.ts: plain python over the same literal tables.
Macro F1 as scikit-learn: labels = union of truth and predictions, zero division gives 0.
Percentiles as numpy's default (linear between closest ranks). Run: python3 prompt-reference.py"""
import json, re, unicodedata

N = None
expected = ['positive', 'negative', 'positive', 'negative', 'positive', 'neutral', 'negative', 'positive']
variants = {
    'a': dict(reply=['positive', 'negative', 'negative', N, 'positive', 'neutral', 'negative', 'positive'],
              valid=[1, 1, 1, 0, 1, 1, 1, 1], lat=[100, 200, 300, 400, 500, 600, 700, 800],
              cost=[0.0001, 0.0002, 0.0001, 0.0003, 0.0001, 0.0001, 0.0002, 0.0001], tin=[20] * 8, tout=[2, 2, 2, 9, 2, 2, 2, 2]),
    'b': dict(reply=['Positive.', 'positive', 'positive', 'negative', N, 'negative', 'NEGATIVE', 'positive'],
              valid=[1, 1, 1, 1, 0, 1, 1, 1], lat=[50, 60, N, 80, 1000, 70, 90, 65],
              cost=[0.00005, 0.00005, N, 0.00005, 0.00005, 0.00005, 0.00005, 0.00005], tin=[30] * 8, tout=[1] * 8),
}

def norm(s):
    s = ''.join(' ' if unicodedata.category(c)[0] in 'PS' else c for c in s.lower())
    return ' '.join(s.split())

def pct(xs, q):
    xs = sorted(xs); pos = (len(xs) - 1) * q; lo = int(pos); hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)

def f1_macro(t, p):
    f = []
    for l in sorted(set(t) | set(p)):
        tp = sum(1 for a, b in zip(t, p) if a == l and b == l)
        pp = sum(1 for b in p if b == l); s = sum(1 for a in t if a == l)
        pr = tp / pp if pp else 0; rc = tp / s if s else 0
        f.append(2 * pr * rc / (pr + rc) if pr + rc else 0)
    return sum(f) / len(f)

for name, v in variants.items():
    pred = [norm(r) if r is not None else '(invalid)' for r in v['reply']]
    lat = [x for x in v['lat'] if x is not None]
    cost = sum(x for x in v['cost'] if x is not None)
    print(name, dict(accuracy=sum(a == b for a, b in zip(expected, pred)) / 8, f1_macro=f1_macro(expected, pred),
          invalid_share=v['valid'].count(0) / 8, lat_mean=sum(lat) / len(lat), p50=pct(lat, .5), p95=pct(lat, .95),
          cost_per_1000=1000 * cost / 8, tokens_in=sum(v['tin']), tokens_out=sum(v['tout'])))

answers = ['42', 'Paris', 'New York', '3.14', '{"a":1}', 'blue']
replies = ['The answer is 42.', 'Paris', '  new   york!', '3.1416', '{"a": 1}', N]

def first_num(s):
    m = re.search(r'[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?', s.replace(',', ''))
    return float(m.group()) if m else float('nan')

def is_json(s):
    try: json.loads(s); return True
    except Exception: return False

def num_ok(r, e):
    try: return abs(first_num(r) - float(e)) <= 0.01
    except ValueError: return False

checks = {
    'exact': lambda r, e: r == e, 'normalised': lambda r, e: norm(r) == norm(e), 'contains': lambda r, e: norm(e) in norm(r),
    'regex': lambda r, e: re.search(r'^\d', r) is not None, 'numeric': num_ok, 'json': lambda r, e: is_json(r),
    'json+schema': lambda r, e: is_json(r) and isinstance(json.loads(r), dict),
}
for k, f in checks.items():
    print(k, sum(1 for r, e in zip(replies, answers) if r is not None and f(r, e)), '/ 6')
