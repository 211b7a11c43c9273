"""Reference accuracy for penguins-quick-start (test/samples/own-model.samples.ts).

Run from the repository root with /usr/bin/python3 (scikit-learn 1.2.1):
    test/samples/reference/split-rows.sh pipelines-samples/penguins-quick-start.pipeline.json /tmp/pqs import clean split
    /usr/bin/python3 test/samples/reference/penguins-quick-start-reference.py /tmp/pqs
It fits what the Train node fits (one-hot categories, standardised numbers fitted on the train rows,
an MLP of one ReLU layer of 16, Adam lr 0.01, batch 32, 30 epochs) on the very rows Split gives, over
five seeds, and prints the test accuracy of each.
"""
import sys
import warnings

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

warnings.filterwarnings('ignore', category=ConvergenceWarning)
folder = sys.argv[1]
train = pd.read_csv(f'{folder}/train.csv')
test = pd.read_csv(f'{folder}/test.csv')
target = 'species'
categorical = ['island', 'sex']
numeric = [c for c in train.columns if c not in categorical + [target]]
print('rows', len(train), len(test), 'test classes', test[target].value_counts().to_dict())
for seed in range(5):
    prep = ColumnTransformer([('num', StandardScaler(), numeric), ('cat', OneHotEncoder(handle_unknown='ignore'), categorical)])
    mlp = MLPClassifier(hidden_layer_sizes=(16,), learning_rate_init=0.01, batch_size=32, max_iter=30, random_state=seed)
    model = make_pipeline(prep, mlp).fit(train.drop(columns=[target]), train[target])
    right = int((model.predict(test.drop(columns=[target])) == test[target]).sum())
    print(f'seed {seed}: {right} of {len(test)} right, accuracy {right / len(test):.4f}')
