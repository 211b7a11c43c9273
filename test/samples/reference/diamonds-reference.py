"""Reference R2 and RMSE for diamonds-linear-vs-mlp (test/samples/own-model.samples.ts).

Run from the repository root with /usr/bin/python3 (scikit-learn 1.2.1):
    test/samples/reference/split-rows.sh pipelines-samples/diamonds-linear-vs-mlp.pipeline.json /tmp/dia import grades:a split
    /usr/bin/python3 test/samples/reference/diamonds-reference.py /tmp/dia
The rows are the sample's own after its SQL ranks the grades and its Split. As the Train node does,
the numbers are standardised on the train rows and the network learns the standardised price; the
linear model is fitted exactly (least squares), the MLP 64-64 (ReLU, Adam, batch 256) for the
sample's epochs over three seeds.
"""
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error, r2_score
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings('ignore', category=ConvergenceWarning)
EPOCHS, RATE = int(sys.argv[2]) if len(sys.argv) > 2 else 5, float(sys.argv[3]) if len(sys.argv) > 3 else 0.001
folder = sys.argv[1]
train = pd.read_csv(f'{folder}/train.csv')
test = pd.read_csv(f'{folder}/test.csv')
scale = StandardScaler().fit(train.drop(columns=['price']))
X, Xt = scale.transform(train.drop(columns=['price'])), scale.transform(test.drop(columns=['price']))
mean, std = train['price'].mean(), train['price'].std()
y, yt = (train['price'] - mean) / std, test['price']
print('rows', len(train), len(test), 'test price mean', round(yt.mean(), 2))


def show(name, predicted):
    print(f'{name}: R2 {r2_score(yt, predicted):.4f}, RMSE {np.sqrt(mean_squared_error(yt, predicted)):.1f}')


show('linear (least squares)', LinearRegression().fit(X, y).predict(Xt) * std + mean)
for seed in range(3):
    mlp = MLPRegressor(hidden_layer_sizes=(64, 64), learning_rate_init=RATE, batch_size=256, max_iter=EPOCHS, random_state=seed).fit(X, y)
    show(f'MLP 64-64, {EPOCHS} epochs, lr {RATE}, seed {seed}', mlp.predict(Xt) * std + mean)
