"""
Permutation importance on adult, from scratch (pandas + numpy, no app code): reads the CSV itself,
encodes with the model's saved recipe (median for missing numbers, one-hot vocabularies, scaling),
runs the logistic model from its tfjs weights (softmax(x W + b)), and shuffles each raw column with
the permutation Explain documents (mulberry32 per (seed, feature, repeat), Fisher-Yates from the top).

usage: permutation-reference.py MODEL_DIR ADULT_CSV MAX_ROWS SEED REPEATS ROW[,ROW...]
prints JSON: {"baseline": acc, "scores": {column: [drop per repeat]}, "probabilities": {row: [p...]}, "baselineProbabilities": [p...]}
"""
import json
import sys

import numpy as np
import pandas as pd

M32 = 0xFFFFFFFF
COLUMNS = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex',
           'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income']


def imul(a, b):
    return (a * b) & M32


def mulberry32(seed):
    state = [seed & M32]

    def nxt():
        state[0] = (state[0] + 0x6D2B79F5) & M32
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & M32
        return ((t ^ (t >> 14)) & M32) / 4294967296
    return nxt


def shuffle_seed(seed, feature, repeat):
    return (seed ^ imul(feature + 1, 0x9E3779B1) ^ imul(repeat + 1, 0x85EBCA77)) & M32


def permutation(n, seed):
    rnd = mulberry32(seed)
    perm = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(rnd() * (i + 1))
        perm[i], perm[j] = perm[j], perm[i]
    return np.array(perm)


def load_weights(model_dir):
    with open(f'{model_dir}/model.json') as f:
        manifest = json.load(f)['weightsManifest']
    arrays = []
    for group in manifest:
        blob = b''.join(open(f'{model_dir}/{p}', 'rb').read() for p in group['paths'])
        offset = 0
        for w in group['weights']:
            size = int(np.prod(w['shape']))
            arrays.append(np.frombuffer(blob, dtype=np.float32, count=size, offset=offset).reshape(w['shape']))
            offset += size * 4
    kernel, bias = arrays  # one Dense layer: the logistic model
    return kernel.astype(np.float64), bias.astype(np.float64)


def encode(df, enc):
    parts = []
    for f in enc['features']:
        col = df[f['name']]
        if f['kind'] == 'categorical':
            for c in f['categories']:
                parts.append((col == c).astype(np.float64).to_numpy())
        else:
            parts.append(pd.to_numeric(col).astype(np.float64).fillna(f['median']).to_numpy())
    x = np.stack(parts, axis=1)
    return (x - np.array(enc['scaleMean'])) / np.array(enc['scaleStd'])


def probabilities(df, enc, kernel, bias):
    z = encode(df, enc) @ kernel + bias
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def main():
    model_dir, csv, max_rows, seed, repeats, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    enc = json.load(open(f'{model_dir}/recipe.json'))['encoding']
    kernel, bias = load_weights(model_dir)
    df = pd.read_csv(csv, header=None, names=COLUMNS, skipinitialspace=True, na_values=['?'], dtype=str, keep_default_na=False)
    df = df[df['age'].notna() & (df['age'] != '')].reset_index(drop=True)
    df['income'] = df['income'].str.rstrip('.')
    chosen = [int(r) for r in rows.split(',')]
    row_probs = probabilities(df.iloc[[r - 1 for r in chosen]], enc, kernel, bias)
    base_df = df.iloc[:max_rows].reset_index(drop=True)
    labels = enc['target']['labels']
    truth = base_df['income'].to_numpy()

    def accuracy(frame):
        return float(np.mean(np.array(labels)[probabilities(frame, enc, kernel, bias).argmax(axis=1)] == truth))

    baseline = accuracy(base_df)
    scores = {}
    for fi, f in enumerate(enc['features']):
        drops = []
        for r in range(repeats):
            perm = permutation(len(base_df), shuffle_seed(seed, fi, r))
            shuffled = base_df.copy()
            shuffled[f['name']] = base_df[f['name']].to_numpy()[perm]
            drops.append(baseline - accuracy(shuffled))
        scores[f['name']] = drops
    # The mean encoded row (all zeros once scaled): integrated gradients' baseline.
    zb = bias - bias.max()
    base_p = np.exp(zb) / np.exp(zb).sum()
    print(json.dumps({'baseline': baseline, 'scores': scores, 'probabilities': {str(r): row_probs[i].tolist() for i, r in enumerate(chosen)},
                      'baselineProbabilities': base_p.tolist()}))


main()
