# Reference figures for baseline.test.ts and the baseline gate tests: the majority-class and
# predict-the-mean baselines, computed with pandas on the raw files (not through the app).
# Run: /usr/bin/python3 nodes/evaluate/baseline-reference.py
import numpy as np
import pandas as pd

DATA = '../shared/data'
cols = ['age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation', 'relationship', 'race',
        'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income']
test = pd.read_csv(f'{DATA}/adult-test.csv', header=None, names=cols, sep=', ', engine='python', na_values='?')
income = test['income'].dropna().str.rstrip('.')
counts = income.value_counts()
print('adult-test rows', len(income), 'counts', counts.to_dict())
print('adult-test majority-class baseline', repr(counts.max() / len(income)))

penguins = pd.read_csv(f'{DATA}/penguins.csv')
# The tests' split: 1-based row number % 5 == 0 is the test table.
ptest = penguins[(np.arange(len(penguins)) + 1) % 5 == 0]
pc = ptest['species'].value_counts()
print('penguins test rows', len(ptest), 'counts', pc.to_dict(), 'baseline', repr(pc.max() / len(ptest)))

y = np.array([3.0, -0.5, 2.0, 7.0, 4.2])
m = y.mean()
print('regression literal: baseline MAE', repr(np.abs(y - m).mean()), 'baseline RMSE', repr(np.sqrt(((y - m) ** 2).mean())))
