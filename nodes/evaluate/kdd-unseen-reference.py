"""Reference figures for evaluate-unseen-classes.test.ts, computed with pandas and scikit-learn.

Run from the project root:  /usr/bin/python3 nodes/evaluate/kdd-unseen-reference.py
(Debian's python3-pandas 1.5.3 and python3-sklearn 1.2.1.) The test rebuilds the same model in DuckDB
SQL; this script shares none of its code.

Model: class frequencies per `service` (column 2) over the first 100,000 rows of kddcup 10%,
add-one smoothed over the 20 classes seen there; a service never seen gets the overall frequencies.
Test rows: file rows 100,000 and on whose 0-based index is a multiple of 4; 3 of their classes
(warezclient., spy., rootkit.) never occur in the first 100,000 rows.
"""
import json

import numpy as np
import pandas as pd
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, log_loss, precision_recall_fscore_support, roc_auc_score)

df = pd.read_csv('../shared/data/kddcup.data_10_percent.csv.gz', header=None)
train = df.iloc[:100_000]
test = df.iloc[100_000:]
test = test[test.index % 4 == 0]
labels = sorted(train[41].unique())
K = len(labels)
counts = pd.crosstab(train[2], train[41]).reindex(columns=labels, fill_value=0)
by_service = (counts + 1).div(counts.sum(axis=1) + K, axis=0)
prior = (train[41].value_counts().reindex(labels, fill_value=0) + 1) / (len(train) + K)
P = np.vstack([by_service.loc[s].to_numpy() if s in by_service.index else prior.to_numpy() for s in test[2]])
y = test[41].to_numpy()
pred = np.array(labels)[P.argmax(axis=1)]
unseen = sorted(set(y) - set(labels))
everything = sorted(labels + unseen)


def figures(y, pred, P, classes, cols):
    out = {'rows': len(y), 'accuracy': accuracy_score(y, pred), 'balanced_accuracy': balanced_accuracy_score(y, pred)}
    for avg in ('macro', 'weighted'):
        p, r, f, _ = precision_recall_fscore_support(y, pred, labels=classes, average=avg, zero_division=0)
        out.update({f'precision_{avg}': p, f'recall_{avg}': r, f'f1_{avg}': f})
    full = np.zeros((len(y), len(cols)))
    for i, c in enumerate(labels):
        full[:, cols.index(c)] = P[:, i]
    # eps as classification-metrics.ts documents (scikit-learn 1.2's 'auto' would clip at 2.2e-16 instead).
    out['log_loss'] = log_loss(y, full, labels=cols, eps=1e-15)
    aucs = [roc_auc_score(y == c, P[:, i]) for i, c in enumerate(labels) if 0 < (y == c).sum() < len(y)]
    out['auc'] = float(np.mean(aucs))
    return out


seen = np.isin(y, labels)
result = {
    'unseen': {c: int((y == c).sum()) for c in unseen},
    'all_rows': figures(y, pred, P, labels + unseen, everything),
    'seen_only': figures(y[seen], pred[seen], P[seen], labels, labels),
}
print(json.dumps(result, indent=2))
