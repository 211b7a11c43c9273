/**
 * Viewers for the small output kinds: a model's summary, a report (with a gate's rules), an
 * endpoint's address.
 */
import type { EndpointValue, ModelValue, ReportValue } from '../../engine/values.js';
import { fourDigits } from '../../nodes/shared/figures.js';
import { CardMarkdown } from '../models/card-markdown.js';

function KeyValues({ entries }: { entries: [string, string | number | boolean | undefined][] }) {
  return (
    <table className="stats-table kv-table">
      <tbody>
        {entries
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{String(v)}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

export function ModelView({ value }: { value: ModelValue }) {
  return (
    <KeyValues
      entries={[
        ['format', value.format],
        ['task', value.task],
        ['target', value.target],
        ['features', value.features?.map((f) => f.name).join(', ')],
        ['labels', value.labels?.join(', ')],
        ['folder', value.dir],
        ...Object.entries(value.summary),
      ]}
    />
  );
}

/** The card's Markdown without its own `# <title>` line, which the panel already shows. */
function cardBody(value: ReportValue): string {
  const md = value.markdown ?? '';
  const head = `# ${value.title}\n`;
  return md.startsWith(head) ? md.slice(head.length) : md;
}

export function ReportView({ value }: { value: ReportValue }) {
  return (
    <div>
      <h4>{value.title}</h4>
      {value.gate && (
        <>
          <p className={value.gate.passed ? 'gate gate--passed' : 'gate gate--failed'}>Gate {value.gate.passed ? 'passed' : 'failed'}</p>
          <table className="stats-table">
            <thead>
              <tr>
                <th>rule</th>
                <th>measured</th>
                <th>result</th>
              </tr>
            </thead>
            <tbody>
              {value.gate.rules.map((r) => (
                <tr key={r.rule}>
                  <td>{r.rule}</td>
                  <td className="num" title={r.measured === null ? undefined : String(r.measured)}>
                    {r.measured === null ? '' : fourDigits(r.measured)}
                  </td>
                  <td>{r.passed ? 'passed' : r.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <KeyValues entries={value.files.map((f) => [f.name, f.path])} />
      {value.markdown && <CardMarkdown markdown={cardBody(value)} />}
    </div>
  );
}

export function EndpointView({ value }: { value: EndpointValue }) {
  return (
    <KeyValues
      entries={[
        ['url', value.url],
        ['routes', value.routes.join(', ')],
        ['pid', value.pid],
      ]}
    />
  );
}
