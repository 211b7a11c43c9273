/**
 * Where a stepped wire turns. React Flow's smoothstep turns halfway between its ends; when a card
 * stands there (a wire that skips a column, as Split's test rows to Score past Train), the wire
 * ran behind that card and seemed to enter one of its ports. This picks the turn so that none of
 * the wire's three segments crosses a card other than its own two, as far from every card as it can.
 */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Space kept between a wire and a card it passes: the ports stand 7 px out of the card, and a wire
 * turning closer than that seemed to reach the port it passed.
 */
const MARGIN = 24;
/** React Flow's smoothstep leaves each port straight for this long; its turn is a share of what lies between. */
const PORT_GAP = 20;
/** Turn positions tried: 0.025 to 0.975. */
const CANDIDATES = Array.from({ length: 39 }, (_, i) => Math.round((i + 1) * 25) / 1000);
/** Above this many cards the search is skipped (each wire looks at every card) and wires turn halfway. */
export const ROUTE_MAX_CARDS = 400;

function crosses(box: Box, x1: number, y1: number, x2: number, y2: number): boolean {
  const [left, right] = [Math.min(x1, x2), Math.max(x1, x2)];
  const [top, bottom] = [Math.min(y1, y2), Math.max(y1, y2)];
  return left < box.x + box.width + MARGIN && right > box.x - MARGIN && top < box.y + box.height + MARGIN && bottom > box.y - MARGIN;
}

const sideways = (x: number, b: Box) => (x < b.x ? b.x - x : x > b.x + b.width ? x - b.x - b.width : 0);

/**
 * The smoothstep `stepPosition` for a wire from `s` (a right-side port of card `from`) to `t` (a
 * left-side port of card `to`) among the other `cards`, or undefined to keep React Flow's halfway turn:
 * a wire going backwards or level, one nothing stands in the way of, or one no turn keeps clear.
 *
 * @example
 * stepPosition({ x: 770, y: 52 }, { x: 1120, y: 212 }, splitBox, scoreBox, [trainBox]) // 0.05: midway between Split and Train
 */
export function stepPosition(s: { x: number; y: number }, t: { x: number; y: number }, from: Box, to: Box, cards: readonly Box[]): number | undefined {
  const [sg, tg] = [s.x + PORT_GAP, t.x - PORT_GAP];
  if (tg <= sg || s.y === t.y) return undefined;
  const near = cards.filter((b) => crosses(b, s.x, s.y, t.x, t.y));
  if (near.length === 0) return undefined;
  let best: { f: number; room: number } | undefined;
  for (const f of CANDIDATES) {
    const cx = sg + f * (tg - sg);
    if (near.some((b) => crosses(b, s.x, s.y, cx, s.y) || crosses(b, cx, s.y, cx, t.y) || crosses(b, cx, t.y, t.x, t.y))) continue;
    const room = Math.min(...[...near, from, to].map((b) => sideways(cx, b)));
    if (!best || room > best.room || (room === best.room && Math.abs(f - 0.5) < Math.abs(best.f - 0.5))) best = { f, room };
  }
  return best?.f;
}
