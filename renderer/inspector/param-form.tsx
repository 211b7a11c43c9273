/**
 * The generated form for one node: every visible param of its def (showWhen evaluated against the
 * current values), grouped by `group`, advanced params folded away. No node has a hand-written form.
 */
import { Fragment, useMemo, type ReactNode } from 'react';
import { isParamVisible, type NodeDef } from '../../engine/node-def.js';
import type { PipelineNode } from '../../engine/document/schema.js';
import { useStudio } from '../store/studio-store-context.js';
import { ParamField } from './param-field.js';
import { errorsByPath, nodeParamIssues } from './param-issues.js';

/** The form generated from `def.params` for one node; `after` places extra content below one param's field (a file's description). */
export function ParamForm({ def, node, after }: { def: NodeDef; node: PipelineNode; after?: { param: string; content: ReactNode } }) {
  const setParam = useStudio((s) => s.setParam);
  const issues = useStudio((s) => nodeParamIssues(s, node));
  const errors = useMemo(() => errorsByPath(issues), [issues]);
  const warnings = useMemo(() => errorsByPath(issues, 'warning'), [issues]);
  const values = useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const [name, spec] of Object.entries(def.params)) out[name] = name in node.params ? node.params[name] : spec.default;
    return out;
  }, [def, node.params]);

  const visible = Object.entries(def.params).filter(([, spec]) => isParamVisible(spec, values));
  if (visible.length === 0) return <p className="empty-text">This node has no settings.</p>;
  const sections = new Map<string, typeof visible>();
  for (const entry of visible) {
    const key = entry[1].advanced ? '\u0000advanced' : (entry[1].group ?? '');
    sections.set(key, [...(sections.get(key) ?? []), entry]);
  }
  const render = (entries: typeof visible) =>
    entries.map(([name, spec]) => (
      <Fragment key={name}>
        <ParamField
          id={`${node.id}-${name}`}
          name={name}
          path={name}
          spec={spec}
          value={values[name]}
          nodeId={node.id}
          errors={errors}
          warnings={warnings}
          onChange={(v) => setParam(node.id, name, v)}
        />
        {after?.param === name && after.content}
      </Fragment>
    ));
  return (
    <form className="param-form" onSubmit={(e) => e.preventDefault()} aria-label={`${def.title} settings`}>
      {[...sections.entries()]
        .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
        .map(([key, entries]) =>
          key === '\u0000advanced' ? (
            <details key={key} className="param-section">
              <summary>Advanced</summary>
              {render(entries)}
            </details>
          ) : key === '' ? (
            <div key="main">{render(entries)}</div>
          ) : (
            <fieldset key={key} className="param-section">
              <legend>{key}</legend>
              {render(entries)}
            </fieldset>
          ),
        )}
      {errors.size > 0 && (
        <p className="form-blocked" role="status">
          {errors.size} invalid setting{errors.size > 1 ? 's' : ''}: this node will not run until {errors.size > 1 ? 'they are' : 'it is'} fixed.
        </p>
      )}
    </form>
  );
}
