/**
 * What the stand-in's "fine-tuning" learns from a training file: a plain, recomputable rule, so the
 * accuracy of a fine-tuned variant in tests is the stand-in's, never a model's. Where the keyword rule
 * finds sentiment words (and the examples answer positive/negative), it keeps the keyword rule; where
 * it finds none, it answers by a multinomial naive Bayes over the examples' words (add-one smoothing,
 * words [a-z']+ of the lower-cased last user message, log prior plus the log likelihood of each word
 * seen in training, in reading order; a tie goes to the first label in sorted order).
 */
import { NEGATIVE_WORDS, POSITIVE_WORDS } from './openai-stand-in.js';

export interface TrainingExample {
  user: string;
  answer: string;
}

const words = (text: string) => text.toLowerCase().match(/[a-z']+/g) ?? [];

function keywordScore(text: string): number {
  let score = 0;
  for (const w of words(text)) score += (POSITIVE_WORDS.includes(w) ? 1 : 0) - (NEGATIVE_WORDS.includes(w) ? 1 : 0);
  return score;
}

/** The answer function of a model "fine-tuned" on `examples`. */
export function trainStandIn(examples: readonly TrainingExample[]): (user: string) => string {
  const labels = [...new Set(examples.map((e) => e.answer))].sort();
  const docs = new Map(labels.map((l) => [l, 0]));
  const counts = new Map(labels.map((l) => [l, new Map<string, number>()]));
  const totals = new Map(labels.map((l) => [l, 0]));
  const vocabulary = new Set<string>();
  for (const e of examples) {
    docs.set(e.answer, docs.get(e.answer)! + 1);
    const c = counts.get(e.answer)!;
    for (const w of words(e.user)) {
      c.set(w, (c.get(w) ?? 0) + 1);
      totals.set(e.answer, totals.get(e.answer)! + 1);
      vocabulary.add(w);
    }
  }
  const sentiment = labels.includes('positive') && labels.includes('negative');
  return (user) => {
    const score = sentiment ? keywordScore(user) : 0;
    if (score !== 0) return score > 0 ? 'positive' : 'negative';
    let best = '';
    let bestScore = -Infinity;
    for (const l of labels) {
      let s = Math.log(docs.get(l)! / examples.length);
      for (const w of words(user)) if (vocabulary.has(w)) s += Math.log(((counts.get(l)!.get(w) ?? 0) + 1) / (totals.get(l)! + vocabulary.size));
      if (s > bestScore) [best, bestScore] = [l, s];
    }
    return best;
  };
}
