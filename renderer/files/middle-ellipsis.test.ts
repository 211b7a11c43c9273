/** Long paths keep their start and their end; the folders between give way first. Expected strings written by hand. */
import { describe, expect, it } from 'vitest';
import { middleEllipsis } from './middle-ellipsis.js';

describe('middleEllipsis', () => {
  it('leaves a short path alone', () => {
    expect(middleEllipsis('/home/ana/pipes', 56)).toBe('/home/ana/pipes');
  });
  it('drops whole middle folders, keeping the root folder and as much of the end as fits', () => {
    expect(middleEllipsis('/home/ana/projects/2026/clients/survey/data/answers.csv', 32)).toBe('/home/…/survey/data/answers.csv');
    expect(middleEllipsis('C:\\Users\\ana\\projects\\2026\\survey\\answers.csv', 30)).toBe('C:\\…\\2026\\survey\\answers.csv');
  });
  it('cuts a single over-long name in its middle', () => {
    const out = middleEllipsis(`/srv/${'x'.repeat(80)}.csv`, 20);
    expect(out).toHaveLength(20);
    // By hand: 19 characters of text around the '…': the first 10 and the last 9.
    expect(out).toBe('/srv/xxxxx…xxxxx.csv');
  });
});
