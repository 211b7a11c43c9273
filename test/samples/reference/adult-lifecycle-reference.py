"""Reference accuracy for adult-lifecycle (test/samples/lifecycle.samples.ts).

Run from the repository root with /usr/bin/python3 (scikit-learn 1.2.1):
    test/samples/reference/split-rows.sh pipelines-samples/adult-lifecycle.pipeline.json /tmp/alc import clean encode split
    /usr/bin/python3 test/samples/reference/adult-lifecycle-reference.py /tmp/alc
The rows are the sample's own, already one-hot encoded and standardised by its Encode node. It fits
a logistic regression and the sample's network (MLP 64-64, Adam lr 0.001, batch 256) for its 5 epochs
and to convergence, each over three seeds, and prints the test accuracy and the majority baseline.
"""
import sys
import warnings

import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

warnings.filterwarnings('ignore', category=ConvergenceWarning)
folder = sys.argv[1]
train = pd.read_csv(f'{folder}/train.csv')
test = pd.read_csv(f'{folder}/test.csv')
X, y = train.drop(columns=['income']), train['income']
Xt, yt = test.drop(columns=['income']), test['income']
print('rows', len(train), len(test), 'columns', X.shape[1], 'test classes', yt.value_counts().to_dict())
print(f'majority baseline {(yt == y.mode()[0]).mean():.4f}')
print(f'logistic regression {LogisticRegression(max_iter=2000).fit(X, y).score(Xt, yt):.4f}')
for epochs in (5, 200):
    for seed in range(3):
        mlp = MLPClassifier(hidden_layer_sizes=(64, 64), learning_rate_init=0.001, batch_size=256, max_iter=epochs, random_state=seed)
        print(f'MLP 64-64, {epochs} epochs, seed {seed}: {mlp.fit(X, y).score(Xt, yt):.4f}')
