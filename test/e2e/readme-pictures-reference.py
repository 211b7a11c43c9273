"""Figures readme-pictures.spec.ts checks on the Evaluate output view, counted from the sample's CSV with pandas
(not by the app). Run: /usr/bin/python3 test/e2e/readme-pictures-reference.py

adult-train-evaluate: drop rows with any missing value ("?" or empty), drop exact duplicates, then a 20%
test share stratified on income, rounded per class (the Split node's rule, see test/samples.test.ts).
"""
import pandas as pd

cols = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship',
        'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income']
df = pd.read_csv('pipelines-samples/data/adult-train.csv', header=None, names=cols, skipinitialspace=True, na_values=['?', ''])
df = df.dropna().drop_duplicates()
counts = df['income'].value_counts()
test = {k: int(round(v * 0.2)) for k, v in counts.items()}
print('complete, deduplicated rows:', len(df), dict(counts))
print('test rows per class (support):', test, 'total', sum(test.values()))
