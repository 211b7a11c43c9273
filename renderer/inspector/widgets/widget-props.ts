/**
 * What every inspector widget receives: its spec, the current value, a setter, the field id (for
 * the label) and whether it is invalid (for aria-invalid).
 */
import type { ParamSpec } from '../../../engine/node-def.js';

export interface WidgetProps<S extends ParamSpec = ParamSpec> {
  id: string;
  spec: S;
  value: unknown;
  onChange(value: unknown): void;
  invalid: boolean;
  /** Node whose params are edited (column pickers look upstream of it). */
  nodeId: string;
  /** The columns a column picker offers when an enclosing records param knows better than the upstream table (a later Clean step). */
  columns?: readonly string[];
}
