"""Independent figures for prompt-serve-e2e.test.ts: the stand-in's keyword rule (engine/testing/
openai-stand-in.ts: more positive than negative words [a-z']+ of the lower-cased text is positive)
over all 1,000 yelp sentences (tab-separated sentence, label; no header; some sentences end in a
space before the tab; UTF-8), for the two variants of the test, and the plain variant's labels of
the last 30 sentences (the rows the test sends to the endpoint). Prints JSON.
Run: python3 test/prompt-serve-reference.py"""
import json
import re

POS = 'good great love loved excellent amazing best nice delicious friendly awesome perfect recommend'.split()
NEG = 'bad not never worst terrible awful disappointed poor rude horrible slow bland no'.split()
rows = [l.rstrip('\n').split('\t') for l in open('/work/shared/data/text/yelp_labelled.txt', encoding='utf-8')]


def rule(t):
    s = sum((w in POS) - (w in NEG) for w in re.findall(r"[a-z']+", t.lower()))
    return 'positive' if s > 0 else 'negative'


truth = ['positive' if y == '1' else 'negative' for _, y in rows]
out = {'rows': len(rows)}
for name, tmpl in [('plain', '{}'), ('great', 'Review: {}\nWas it great?')]:
    out['accuracy_' + name] = sum(rule(tmpl.format(t)) == y for (t, _), y in zip(rows, truth)) / len(rows)
out['last30_plain'] = [rule(t) for t, _ in rows[-30:]]
print(json.dumps(out))
