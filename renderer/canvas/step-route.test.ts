import { describe, expect, it } from 'vitest';
import { stepPosition, type Box } from './step-route.js';

// adult-train-evaluate's layout: cards 210 wide (about 110 high) at the sample's positions, ports 30 px
// from a card's top and 22 px apart (pipeline-node.tsx). React Flow turns at `sg + f * (tg - sg)`, sg and
// tg being the ends moved 20 px out of their ports. Turns worked out by hand, with the 24 px margin:
const card = (x: number, y: number): Box => ({ x, y, width: 210, height: 110 });
const [imp, clean, split, train, score, evaluate, goals] = [
  card(0, 0),
  card(280, 0),
  card(560, 0),
  card(840, 0),
  card(1120, 160),
  card(1400, 160),
  card(1680, 160),
];
const others = (...own: Box[]) => [imp, clean, split, train, score, evaluate, goals].filter((b) => !own.includes(b));

describe('stepPosition', () => {
  it('turns a wire that skips a column midway between the cards it leaves and passes (Split test -> Score, past Train)', () => {
    // From (770, 52) to (1120, 212), so turns at 790 + 310 f. Halfway (x 945) is inside Train (816..1074 with
    // the margin); the clear turns are f = 0.025, 0.05, 0.075 (x 797.75, 805.5, 813.25), at 27.75, 34.5 and
    // 26.75 from the nearer of Split (right edge 770) and Train (left edge 840): 0.05 keeps the most room.
    expect(stepPosition({ x: 770, y: 52 }, { x: 1120, y: 212 }, split, score, others(split, score))).toBe(0.05);
  });

  it('turns after the cards of the lower row a long wire would run behind (Train model -> Business goals)', () => {
    // From (1050, 30) to (1680, 212), so turns at 1070 + 590 f. At 0.5 (x 1365) the run at y 212 to Business
    // goals passes behind Evaluate (up to x 1634 with the margin), and every turn left of it too; the only
    // clear turn of the 0.025 steps is 0.975 (x 1645.25, between Evaluate's 1610 and Business goals' 1680).
    expect(stepPosition({ x: 1050, y: 30 }, { x: 1680, y: 212 }, train, goals, others(train, goals))).toBe(0.975);
  });

  it("keeps React Flow's halfway turn when nothing stands in the way, for level and backward wires, and when no turn is clear", () => {
    expect(stepPosition({ x: 1050, y: 30 }, { x: 1120, y: 190 }, train, score, others(train, score))).toBeUndefined();
    expect(stepPosition({ x: 770, y: 30 }, { x: 1120, y: 30 }, split, score, others(split, score))).toBeUndefined();
    expect(stepPosition({ x: 1050, y: 30 }, { x: 280, y: 60 }, train, clean, others(train, clean))).toBeUndefined();
    // A card filling the whole way between the ends: no turn clears it.
    expect(stepPosition({ x: 0, y: 0 }, { x: 400, y: 300 }, card(-210, 0), card(400, 300), [{ x: -50, y: -50, width: 500, height: 400 }])).toBeUndefined();
  });
});
