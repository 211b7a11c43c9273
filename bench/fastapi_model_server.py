"""FastAPI + scikit-learn server of an adult model, as a data scientist would write it.

Fits median impute + standard scale (numbers) and most-frequent impute + one-hot (text) with
LogisticRegression or MLPClassifier on adult-train, then serves POST /predict with
{"rows": [{column: value, ...}, ...]} like the app's server. Used by bench/model-server.bench.ts only.

Usage: /usr/bin/python3 fastapi_model_server.py <adult-train.csv> <linear|mlp> <port>
"""

import sys

import numpy as np
import pandas as pd
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

COLUMNS = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race', 'sex',
           'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income']
NUMERIC = ['age', 'fnlwgt', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week']
TEXT = [c for c in COLUMNS if c not in NUMERIC and c != 'income']

path, kind, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
df = pd.read_csv(path, header=None, names=COLUMNS, skipinitialspace=True, na_values='?')
df['income'] = df['income'].str.rstrip('.')
pre = ColumnTransformer([
    ('num', Pipeline([('impute', SimpleImputer(strategy='median')), ('scale', StandardScaler())]), NUMERIC),
    ('cat', Pipeline([('impute', SimpleImputer(strategy='most_frequent')), ('onehot', OneHotEncoder(handle_unknown='ignore'))]), TEXT),
])
clf = LogisticRegression(max_iter=200) if kind == 'linear' else MLPClassifier(hidden_layer_sizes=(64, 64), max_iter=5, random_state=1)
model = Pipeline([('pre', pre), ('clf', clf)]).fit(df[NUMERIC + TEXT], df['income'])
classes = [str(c) for c in model.classes_]

app = FastAPI()


class Body(BaseModel):
    rows: list[dict]


@app.post('/predict')
def predict(body: Body):
    frame = pd.DataFrame(body.rows, columns=NUMERIC + TEXT)
    frame[NUMERIC] = frame[NUMERIC].apply(pd.to_numeric, errors='coerce')
    frame[TEXT] = frame[TEXT].astype(object).where(frame[TEXT].notna(), np.nan)
    proba = model.predict_proba(frame)
    best = proba.argmax(axis=1)
    return {'predictions': [{'prediction': classes[b], 'probabilities': dict(zip(classes, map(float, p)))} for b, p in zip(best, proba)]}


# The bench waits for uvicorn's 'Uvicorn running on' line (info level) before loading it.
uvicorn.run(app, host='127.0.0.1', port=port, workers=1, log_level='info', access_log=False)
