/**
 * A rows x variants table of prompt replies, each cell the reply with a pass or fail mark (as
 * promptfoo shows it); Evaluate reports it as a `matrix` chart for a Prompt table.
 */
import type { Chart } from '../../engine/values.js';

type MatrixChart = Extract<Chart, { type: 'matrix' }>;

export function ReplyMatrix({ chart }: { chart: MatrixChart }) {
  return (
    <div className="reply-matrix" data-testid={`chart-matrix-${chart.id}`}>
      <h4>{chart.title}</h4>
      <table className="reply-matrix__table">
        <thead>
          <tr>
            <th>row</th>
            {chart.columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chart.rows.map((r, i) => (
            <tr key={i}>
              <th scope="row">{r.label}</th>
              {r.cells.map((cell, j) => (
                <td key={j} className={cell.passed ? 'reply-matrix__pass' : 'reply-matrix__fail'} title={cell.passed ? 'passed' : 'failed'}>
                  <span aria-label={cell.passed ? 'passed' : 'failed'}>{cell.passed ? '✓' : '✗'}</span> {cell.text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
