/** Turns per-epoch training points into progress messages and the history's line charts. */
import type { EpochPoint } from '../../../engine/models/fit.js';
import type { Chart } from '../../../engine/values.js';

/** "epoch 3 of 10, loss 0.412, val_loss 0.430, val_accuracy 0.851" */
export function pointMessage(point: EpochPoint, epochs: number): string {
  const parts = Object.entries(point)
    .filter(([k, v]) => k !== 'epoch' && typeof v === 'number')
    .map(([k, v]) => `${k} ${(v as number).toFixed(3)}`);
  return [`epoch ${point.epoch} of ${epochs}`, ...parts].join(', ');
}

/** A loss chart, plus an accuracy chart for classification. */
export function historyCharts(history: EpochPoint[]): Chart[] {
  const series = (names: string[]) =>
    names
      .filter((n) => history.some((p) => typeof p[n] === 'number'))
      .map((name) => ({ name, points: history.filter((p) => typeof p[name] === 'number').map((p) => [p.epoch, p[name] as number] as [number, number]) }));
  const charts: Chart[] = [{ type: 'line', id: 'loss', title: 'Loss per epoch', x: 'epoch', series: series(['loss', 'val_loss']) }];
  const accuracy = series(['accuracy', 'val_accuracy']);
  if (accuracy.length) charts.push({ type: 'line', id: 'accuracy', title: 'Accuracy per epoch', x: 'epoch', series: accuracy });
  return charts;
}
