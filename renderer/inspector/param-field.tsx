/**
 * One param of the inspector form: label, the widget for its kind (the one switch from param kind
 * to widget), help text, and the validator's message when the value is invalid.
 */
import type { ParamSpec } from '../../engine/node-def.js';
import { ColumnInput, ColumnsInput } from './widgets/column-input.js';
import { FileInput } from './widgets/file-input.js';
import { ListInput } from './widgets/list-input.js';
import { NumberInput } from './widgets/number-input.js';
import { RecordsInput, type RecordField } from './widgets/records-input.js';
import { SecretInput } from './widgets/secret-input.js';
import { SelectInput } from './widgets/select-input.js';
import { TableInput } from './widgets/table-input.js';
import { TextInput } from './widgets/text-input.js';
import { ToggleInput } from './widgets/toggle-input.js';
import type { WidgetProps } from './widgets/widget-props.js';

export interface ParamFieldProps {
  /** Unique DOM id stem, e.g. `train-1-epochs` or `clean-1-steps-0-op`. */
  id: string;
  name: string;
  spec: ParamSpec;
  value: unknown;
  onChange(value: unknown): void;
  nodeId: string;
  /** Messages by param path relative to this field's parent (`epochs`, `steps[0].value`). */
  errors: ReadonlyMap<string, string>;
  warnings?: ReadonlyMap<string, string>;
  /** Path of this field (`epochs`, `steps[0].value`). */
  path: string;
  /** Columns a picker offers instead of the upstream table's (a later Clean step). */
  columns?: readonly string[];
}

function Widget(props: WidgetProps & { errors: ReadonlyMap<string, string>; path: string }) {
  const { spec } = props;
  switch (spec.kind) {
    case 'number':
    case 'integer':
      return <NumberInput {...props} spec={spec} />;
    case 'boolean':
      return <ToggleInput {...props} spec={spec} />;
    case 'select':
      return <SelectInput {...props} spec={spec} />;
    case 'text':
      return <TextInput {...props} spec={spec} />;
    case 'list':
      return <ListInput {...props} spec={spec} />;
    case 'file':
      return <FileInput {...props} spec={spec} />;
    case 'secret':
      return <SecretInput {...props} spec={spec} />;
    case 'column':
      return <ColumnInput {...props} spec={spec} />;
    case 'columns':
      return <ColumnsInput {...props} spec={spec} />;
    case 'table':
      return <TableInput {...props} spec={spec} />;
    case 'records':
      return (
        <RecordsInput
          {...props}
          spec={spec}
          renderField={(field: RecordField) => <ParamField key={field.name} {...field} nodeId={props.nodeId} errors={props.errors} />}
        />
      );
  }
}

/** The first message about one item of a plain list (`hiddenLayers[1]`), shown with its position. */
function listItemError(spec: ParamSpec, errors: ReadonlyMap<string, string>, path: string): string | undefined {
  if (spec.kind !== 'list') return undefined;
  for (const [at, message] of errors) {
    const item = at.startsWith(`${path}[`) ? /^\[(\d+)\]$/.exec(at.slice(path.length)) : null;
    if (item) return `item ${Number(item[1]) + 1}: ${message}`;
  }
  return undefined;
}

/** A labelled, validated field for one param. */
export function ParamField({ id, spec, value, onChange, nodeId, errors, warnings, path, columns }: ParamFieldProps) {
  const error = errors.get(path) ?? listItemError(spec, errors, path);
  const warning = warnings?.get(path);
  const fieldId = `param-${id}`;
  const describedBy = [spec.help ? `${fieldId}-help` : '', error || warning ? `${fieldId}-msg` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field field-kind-${spec.kind}${error ? ' has-error' : ''}`} data-param={path} aria-describedby={describedBy}>
      <label className="field-label" htmlFor={fieldId}>
        {spec.label}
      </label>
      <Widget id={fieldId} spec={spec} value={value} onChange={onChange} invalid={!!error} nodeId={nodeId} errors={errors} path={path} columns={columns} />
      {error && (
        <p id={`${fieldId}-msg`} className="field-error" role="alert">
          {error}
        </p>
      )}
      {!error && warning && (
        <p id={`${fieldId}-msg`} className="field-warning">
          {warning}
        </p>
      )}
      {spec.help && (
        <p id={`${fieldId}-help`} className="field-help">
          {spec.help}
        </p>
      )}
    </div>
  );
}
