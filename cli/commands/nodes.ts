/**
 * `lifecycle-studio nodes [--json]`: the node catalogue, read from the same definitions the window
 * uses (nodes/defs.ts), so what is listed here is exactly what a pipeline may contain.
 */
import { STAGES, type NodeDef, type ParamSpec, type PortSpec } from '../../engine/node-def.js';
import { nodeDefs } from '../../nodes/defs.js';
import { parseCommandLine } from '../args.js';

const USAGE = 'Usage: lifecycle-studio nodes [--json]';

/** A definition as plain JSON (param migrations are code and stay behind). */
export function catalogueJson(defs: readonly NodeDef[]) {
  return defs.map((d) => ({
    type: d.type,
    typeVersion: d.typeVersion,
    title: d.title,
    stage: d.stage,
    description: d.description,
    inputs: d.inputs,
    outputs: d.outputs,
    params: d.params,
    ...(d.requiresPassingGate ? { requiresPassingGate: true } : {}),
    ...(d.neverCache ? { neverCache: true } : {}),
  }));
}

function port(p: PortSpec): string {
  return `${p.name} (${p.kind}${p.optional ? ', optional' : ''})`;
}

function param(name: string, spec: ParamSpec, indent = '      '): string[] {
  const parts: string[] = [spec.kind];
  if (spec.kind === 'select') parts.push(`one of ${spec.options.map((o) => o.value).join(' | ')}`);
  if ((spec.kind === 'number' || spec.kind === 'integer') && (spec.min !== undefined || spec.max !== undefined)) {
    parts.push(`${spec.min ?? '-inf'}..${spec.max ?? 'inf'}`);
  }
  if (spec.kind === 'column' || spec.kind === 'columns') parts.push(`of input ${spec.port}`);
  if (spec.kind !== 'records') parts.push(`default ${JSON.stringify(spec.default)}`);
  if (spec.showWhen) {
    const rules = Object.entries(spec.showWhen).map(([k, v]) => (Array.isArray(v) ? `${k} is one of ${v.join(' | ')}` : `${k} is ${String(v)}`));
    parts.push(`shown when ${rules.join(' and ')}`);
  }
  const line = `${indent}${name}: ${parts.join(', ')}${spec.help ? ` - ${spec.help}` : ''}`;
  if (spec.kind !== 'records') return [line];
  // A records param is a list of small forms: show each field of a row one level deeper.
  return [`${line} Each row has:`, ...Object.entries(spec.fields).flatMap(([n, f]) => param(n, f, `${indent}    `))];
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, USAGE);
  if (!parsed) return 2;
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.positionals.length) {
    process.stderr.write(`Unexpected argument "${parsed.positionals[0]}".\n\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify(catalogueJson(nodeDefs), null, 2)}\n`);
    return 0;
  }
  const lines: string[] = [];
  for (const stage of STAGES) {
    const defs = nodeDefs.filter((d) => d.stage === stage);
    if (!defs.length) continue;
    lines.push(`${stage}:`);
    for (const d of defs) {
      lines.push(`  ${d.type} v${d.typeVersion} - ${d.title}: ${d.description}`);
      lines.push(`    inputs:  ${d.inputs.map(port).join(', ') || 'none'}`);
      lines.push(`    outputs: ${d.outputs.map(port).join(', ') || 'none'}`);
      const params = Object.entries(d.params);
      if (params.length) lines.push('    params:', ...params.flatMap(([n, s]) => param(n, s)));
    }
  }
  if (!lines.length) lines.push('No node types are registered.');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
