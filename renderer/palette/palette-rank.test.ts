/** Quick-add's order on the app's real node definitions: title matches before description matches. */
import { describe, expect, it } from 'vitest';
import { nodeDefs } from '../../nodes/defs.js';
import { rankedMatches } from './palette-groups.js';

const titles = (query: string) => rankedMatches(nodeDefs, query).map((d) => d.title);

describe('rankedMatches', () => {
  it('puts Train model first for "train", ahead of Split whose description mentions training', () => {
    const found = titles('train');
    expect(found[0]).toBe('Train model');
    expect(found).toContain('Split');
  });

  it('ranks a title that starts with the query before one that contains a word starting with it', () => {
    expect(titles('eval')[0]).toBe('Evaluate');
    expect(titles('premade').slice(0, 2)).toEqual(['Premade model', 'Custom head on a premade model']);
    expect(titles('sql')[0]).toBe('SQL transform');
  });

  it('keeps every def, in the given order, for an empty query', () => {
    expect(rankedMatches(nodeDefs, '').map((d) => d.type)).toEqual(nodeDefs.map((d) => d.type));
  });
});
