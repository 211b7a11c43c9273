"""Fits this project's own two premade models on the shipped sample data and dumps their weights as
JSON (build-premade.ts turns the JSON into ONNX). Run from the repository root with scikit-learn 1.2:
    /usr/bin/python3 pipelines-samples/data/premade/build-premade.py && npx tsx pipelines-samples/data/premade/build-premade.ts
The JSON also keeps scikit-learn's own predict_proba for a few rows, so a test can check the ONNX
graphs against it, and the accuracies counted here, which test/samples/premade.samples.ts pins."""
import json
import os

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)
PENGUIN_FEATURES = ['bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g']
PENGUIN_LABELS = ['Adelie', 'Chinstrap', 'Gentoo']
ADULT_COLUMNS = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex',
                 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income']
ADULT_NUMERIC = ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week']


def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def reference_rows(x, proba, idx):
    return {'inputs': [floats(x[i]) for i in idx], 'probabilities': [floats(proba[i]) for i in idx]}


def penguins():
    df = pd.read_csv(os.path.join(DATA, 'penguins.csv')).dropna(subset=PENGUIN_FEATURES)
    # float32 first: the ONNX graph sees float32 inputs, so sklearn must fit and score the same values.
    x = df[PENGUIN_FEATURES].to_numpy(np.float32).astype(np.float64)
    y = df['species'].to_numpy()
    mean, std = x.mean(axis=0), x.std(axis=0)
    clf = LogisticRegression(max_iter=1000).fit((x - mean) / std, y)
    assert list(clf.classes_) == PENGUIN_LABELS
    proba = clf.predict_proba((x - mean) / std)
    pred = clf.classes_[proba.argmax(axis=1)]
    margin = np.sort(proba, axis=1)[:, -1] - np.sort(proba, axis=1)[:, -2]
    idx = sorted(set(range(5)) | set(np.argsort(margin)[:5].tolist()))
    counts = {c: int((pred == c).sum()) for c in PENGUIN_LABELS}
    recall = {c: float(((pred == c) & (y == c)).sum() / (y == c).sum()) for c in PENGUIN_LABELS}
    return {
        'mean': floats(mean), 'std': floats(std),
        'weights': floats(clf.coef_.T), 'bias': floats(clf.intercept_),
        'reference': reference_rows(x, proba, idx),
        'rows': int(len(y)), 'accuracy': float((pred == y).mean()), 'predicted_counts': counts, 'recall': recall,
    }


def adult():
    df = pd.read_csv(os.path.join(DATA, 'adult-train.csv'), header=None, names=ADULT_COLUMNS, skipinitialspace=True)
    x = df[ADULT_NUMERIC].to_numpy(np.float32).astype(np.float64)
    y = (df['income'] == '>50K').to_numpy().astype(int)
    mean, std = x.mean(axis=0), x.std(axis=0)
    clf = MLPClassifier(hidden_layer_sizes=(16,), activation='relu', random_state=0, max_iter=300).fit((x - mean) / std, y)
    proba = clf.predict_proba((x - mean) / std)[:, 1]
    return {
        'mean': floats(mean), 'std': floats(std),
        'hidden_weights': floats(clf.coefs_[0]), 'hidden_bias': floats(clf.intercepts_[0]),
        'out_weights': floats(clf.coefs_[1]), 'out_bias': floats(clf.intercepts_[1]),
        'reference': reference_rows(x, proba.reshape(-1, 1), list(range(8))),
        'rows': int(len(y)), 'accuracy': float(((proba > 0.5).astype(int) == y).mean()), 'iterations': int(clf.n_iter_),
    }


if __name__ == '__main__':
    out = {'sklearn': __import__('sklearn').__version__, 'penguins': penguins(), 'adult': adult()}
    with open(os.path.join(HERE, 'premade-weights.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(json.dumps({k: {m: out[k][m] for m in ('rows', 'accuracy')} for k in ('penguins', 'adult')}))
    print(json.dumps(out['penguins']['predicted_counts']), json.dumps(out['penguins']['recall']))
