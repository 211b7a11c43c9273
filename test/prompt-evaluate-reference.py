"""Independent figures for prompt-evaluate.test.ts: the stand-in's keyword rule (engine/testing/
openai-stand-in.ts: more positive than negative words [a-z']+ is positive) over the first 200
yelp sentences, two variants, priced $1 / $2 per 1M input / output tokens (tokens: whitespace words
of system + ' ' + user). Run: python3 prompt-evaluate-reference.py"""
import re

POS = 'good great love loved excellent amazing best nice delicious friendly awesome perfect recommend'.split()
NEG = 'bad not never worst terrible awful disappointed poor rude horrible slow bland no'.split()
SYSTEM = 'Classify the sentiment of the review. Answer positive or negative.'
rows = [l.rstrip('\n').split('\t') for l in open('/work/shared/data/text/yelp_labelled.txt', encoding='utf-8')][:200]

def rule(t):
    s = sum((w in POS) - (w in NEG) for w in re.findall(r"[a-z']+", t.lower()))
    return 'positive' if s > 0 else 'negative'

for name, tmpl in [('plain', '{}'), ('great', 'Review: {}\nWas it great?')]:
    ok = cost = 0
    for text, y in rows:
        user = tmpl.format(text)
        ok += rule(user) == ('positive' if y == '1' else 'negative')
        cost += (len((SYSTEM + ' ' + user).split()) * 1 + 1 * 2) / 1e6
    print(name, 'accuracy', ok / len(rows), 'cost_per_1000', 1000 * cost / len(rows))
