/**
 * Step mode's stand-ins for upstream nodes: one node type per port kind that reads a portable value
 * (a folder written by `writePortableValue`) into the workspace and outputs it. Hosts add them to
 * the catalogue only for a one-node run (`run-node`); they never appear in a saved pipeline.
 */
import type { NodeDef } from '../node-def.js';
import { PORT_KINDS, type PortKind } from '../node-def.js';
import type { NodeImpl } from '../node-run.js';
import type { PortValue } from '../values.js';
import { readPortableValue } from './portable-values.js';

/** The node type that reads a portable value of `kind`. */
export const portableInputType = (kind: PortKind) => `portable-input-${kind}`;

/** The output port of every portable input node. */
export const PORTABLE_INPUT_PORT = 'value';

function portableInput(kind: PortKind): NodeImpl {
  const def: NodeDef = {
    type: portableInputType(kind),
    typeVersion: 1,
    title: `Portable ${kind}`,
    stage: 'prepare',
    icon: 'download',
    description: `Reads a ${kind} that another machine wrote as a portable value (step mode).`,
    inputs: [],
    outputs: [{ name: PORTABLE_INPUT_PORT, kind, label: kind }],
    params: { dir: { kind: 'text', label: 'Folder', default: '', required: true } },
    // The folder's content may change under the same path: read it every time.
    neverCache: true,
  };
  return {
    def,
    run: async (ctx, _inputs, params) => {
      const dir = String((params as { dir: string }).dir);
      const value: PortValue = await readPortableValue(dir, {
        data: ctx.data,
        table: ctx.outputTable(PORTABLE_INPUT_PORT),
        artifactDir: ctx.artifactDir,
      });
      if (value.kind !== kind) throw new Error(`${dir} holds a ${value.kind}, but this input takes a ${kind}; check which folder feeds which port`);
      return { [PORTABLE_INPUT_PORT]: value };
    },
  };
}

/** One portable input node per port kind. */
export const portableInputNodes: readonly NodeImpl[] = PORT_KINDS.map(portableInput);
