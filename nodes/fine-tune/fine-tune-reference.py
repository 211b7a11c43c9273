"""Independent figures for the Fine-tune tests, from the yelp file itself (tab-separated, no header).

  python3 fine-tune-reference.py jsonl FILE EVERY SEED SHARE
      rows whose 1-based number is a multiple of EVERY lose their label; the others become examples
      (label 1 -> positive, 0 -> negative), the k-th going to validation when the first 8 hex digits
      of sha256("SEED:k") over 2^32 are below SHARE. Prints {"missing", "training", "validation"}.
  python3 fine-tune-reference.py tuned FILE
      rows 5, 10, ... are held out, the rest are the training examples; prints how many held-out rows
      the stand-in's keyword rule and its "fine-tuned" rule (stand-in-tuned-model.ts, re-implemented
      here) get right.
"""
import hashlib, json, math, re, sys

def rows(path):
    with open(path, encoding='utf-8') as f:
        for line in f:
            text, label = line.rstrip('\n').split('\t')
            yield text, 'positive' if label.strip() == '1' else 'negative'

def jsonl(path, every, seed, share):
    kept, missing = [], 0
    for n, (text, label) in enumerate(rows(path), start=1):
        if n % every == 0:
            missing += 1
        else:
            kept.append([text, label])
    draw = lambda k: int(hashlib.sha256(f'{seed}:{k}'.encode()).hexdigest()[:8], 16) / 2**32
    val = [k for k in range(len(kept)) if share > 0 and draw(k) < share]
    vs = set(val)
    return {'missing': missing, 'training': [kept[k] for k in range(len(kept)) if k not in vs], 'validation': [kept[k] for k in val]}

POS = 'good great love loved excellent amazing best nice delicious friendly awesome perfect recommend'.split()
NEG = 'bad not never worst terrible awful disappointed poor rude horrible slow bland no'.split()
words = lambda t: re.findall(r"[a-z']+", t.lower())
keyword = lambda t: sum((w in POS) - (w in NEG) for w in words(t))

def tuned(path):
    data = list(rows(path))
    test = [r for n, r in enumerate(data, start=1) if n % 5 == 0]
    train = [r for n, r in enumerate(data, start=1) if n % 5 != 0]
    labels = sorted({y for _, y in train})
    docs = {l: sum(1 for _, y in train if y == l) for l in labels}
    counts = {l: {} for l in labels}
    totals = {l: 0 for l in labels}
    for t, y in train:
        for w in words(t):
            counts[y][w] = counts[y].get(w, 0) + 1
            totals[y] += 1
    vocab = {w for l in labels for w in counts[l]}
    def predict(t):
        s = keyword(t)
        if s != 0:
            return 'positive' if s > 0 else 'negative'
        best, best_score = '', -math.inf
        for l in labels:
            score = math.log(docs[l] / len(train))
            for w in words(t):
                if w in vocab:
                    score += math.log((counts[l].get(w, 0) + 1) / (totals[l] + len(vocab)))
            if score > best_score:
                best, best_score = l, score
        return best
    base = sum(('positive' if keyword(t) > 0 else 'negative') == y for t, y in test)
    return {'rows': len(test), 'base': base, 'tuned': sum(predict(t) == y for t, y in test)}

if __name__ == '__main__':
    mode, path = sys.argv[1], sys.argv[2]
    out = jsonl(path, int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])) if mode == 'jsonl' else tuned(path)
    print(json.dumps(out, ensure_ascii=False))
