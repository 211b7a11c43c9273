/**
 * "Try it": a form generated from the service's input row schema, one field per column; sends the
 * row to /predict through the host (`tryService`) and shows the prediction and its probabilities,
 * or the server's refusal naming the wrong fields.
 */
import { useEffect, useState } from 'react';
import type { ServiceTryAnswer } from '../../engine/services.js';
import { useStudioApi } from '../store/api-context.js';
import { fieldsOf, initialValues, rowOf, type TryField } from './schema-fields.js';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

interface Prediction {
  prediction: unknown;
  probabilities?: Record<string, number>;
}

function Answer({ answer }: { answer: ServiceTryAnswer }) {
  const body = answer.body as { predictions?: Prediction[]; errors?: unknown; message?: string } | string;
  const first = typeof body === 'object' ? body.predictions?.[0] : undefined;
  if (answer.status !== 200 || !first)
    return (
      <div className="try-answer try-answer--refused" role="alert" data-testid="try-refused">
        <strong>{answer.status}</strong> <code>{typeof body === 'string' ? body : JSON.stringify(body.errors ?? body.message ?? body)}</code>
      </div>
    );
  const probs = Object.entries(first.probabilities ?? {}).sort((a, b) => b[1] - a[1]);
  return (
    <div className="try-answer" data-testid="try-answer">
      <div>
        Prediction: <strong data-testid="try-prediction">{String(first.prediction)}</strong>
      </div>
      {probs.length > 0 && (
        <table className="dep-table try-probs" aria-label="Probabilities">
          <tbody>
            {probs.map(([label, p]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className="num">{p.toFixed(4)}</td>
                <td className="try-bar-cell">
                  <span className="try-bar" style={{ width: `${Math.round(p * 100)}%` }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Field({ field, value, onChange }: { field: TryField; value: string; onChange(v: string): void }) {
  const id = `try-${field.name}`;
  return (
    <label className="try-field" htmlFor={id}>
      <span>{field.name}</span>
      <input
        id={id}
        name={field.name}
        type={field.kind === 'number' ? 'number' : 'text'}
        step={field.kind === 'number' ? 'any' : undefined}
        list={field.suggestions.length ? `${id}-list` : undefined}
        value={value}
        placeholder={field.kind === 'number' ? 'number (empty: missing)' : 'text (empty: missing)'}
        onChange={(e) => onChange(e.target.value)}
      />
      {field.suggestions.length > 0 && (
        <datalist id={`${id}-list`}>
          {field.suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </label>
  );
}

export function TryItForm({ serviceId, running }: { serviceId: string; running: boolean }) {
  const api = useStudioApi();
  const [fields, setFields] = useState<TryField[]>();
  const [values, setValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string>();
  const [answer, setAnswer] = useState<ServiceTryAnswer>();
  const [sending, setSending] = useState(false);

  useEffect(() => {
    let current = true;
    setFields(undefined);
    setAnswer(undefined);
    setProblem(undefined);
    api.serviceInputSchema(serviceId).then(
      (schema) => {
        if (!current) return;
        const f = fieldsOf(schema);
        setFields(f);
        setValues(initialValues(f));
      },
      (err: unknown) => current && setProblem(`Could not read the input schema: ${messageOf(err)}`),
    );
    return () => {
      current = false;
    };
  }, [api, serviceId]);

  const send = async () => {
    if (!fields) return;
    setSending(true);
    setProblem(undefined);
    try {
      setAnswer(await api.tryService(serviceId, [rowOf(fields, values)]));
    } catch (err) {
      setAnswer(undefined);
      setProblem(`The request was not sent: ${messageOf(err)}`);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="dep-section" aria-label="Try it">
      <h3>Try it</h3>
      {problem && (
        <p className="models-problem" role="alert">
          {problem}
        </p>
      )}
      {fields && (
        <form
          className="try-form"
          data-testid="try-form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <div className="try-fields">
            {fields.map((f) => (
              <Field key={f.name} field={f} value={values[f.name] ?? ''} onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))} />
            ))}
          </div>
          <button type="submit" className="button button-primary" disabled={!running || sending} data-testid="try-send">
            {sending ? 'Sending…' : 'Send to /predict'}
          </button>
          {!running && <span className="models-muted"> Start the service to try it.</span>}
        </form>
      )}
      {answer && <Answer answer={answer} />}
    </section>
  );
}
