/**
 * Auto-layout with elkjs: layered, left to right, wires as straight as ELK can make them. The
 * current vertical order is passed as ELK's model order, so nodes the user stacked top-to-bottom
 * stay in that order within their layer, and the result is moved back to where the graph was.
 */
import type ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { NodeDef } from '../../engine/node-def.js';
import type { PipelineDocument } from '../../engine/document/schema.js';

export type Size = { width: number; height: number };
const DEFAULT_SIZE: Size = { width: 200, height: 72 };

type Elk = InstanceType<typeof ElkBundled.default>;
let elkLoading: Promise<Elk> | undefined;

/**
 * ELK is about 1.5 MB of script that only auto-layout needs, so it is loaded (as its own chunk) on
 * the first layout instead of delaying every window's boot.
 */
function loadElk(): Promise<Elk> {
  elkLoading ??= import('elkjs/lib/elk.bundled.js').then((mod) => {
    // The bundle is CommonJS: Node/TS see `module.exports.default`, the browser bundler the constructor.
    const ns = mod as unknown as { default: { default?: new () => Elk } & (new () => Elk) };
    const Ctor = ns.default.default ?? ns.default;
    return new Ctor();
  });
  return elkLoading;
}

const portId = (node: string, side: 'in' | 'out', port: string) => `${node}\u0000${side}\u0000${port}`;

/**
 * New positions for every pipeline node (notes stay where they are).
 *
 * @example
 * const positions = await layoutPositions(doc, defsByType, sizes);
 * store.getState().setPositions(positions);
 */
export async function layoutPositions(
  doc: Pick<PipelineDocument, 'nodes' | 'edges'>,
  defsByType: ReadonlyMap<string, NodeDef>,
  sizes: ReadonlyMap<string, Size> = new Map(),
): Promise<Map<string, { x: number; y: number }>> {
  if (doc.nodes.length === 0) return new Map();
  // Model order = reading order of the current canvas (top to bottom, then left to right).
  const ordered = [...doc.nodes].sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x);
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
      'elk.spacing.nodeNode': '36',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.componentComponent': '60',
      'elk.separateConnectedComponents': 'true',
    },
    children: ordered.map((n) => {
      const def = defsByType.get(n.type);
      const size = sizes.get(n.id) ?? DEFAULT_SIZE;
      return {
        id: n.id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          ...(def?.inputs ?? []).map((p, i) => ({ id: portId(n.id, 'in', p.name), layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(i) } })),
          ...(def?.outputs ?? []).map((p, i) => ({ id: portId(n.id, 'out', p.name), layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(i) } })),
        ],
      };
    }),
    edges: doc.edges
      .filter(
        (e) =>
          defsByType.has(doc.nodes.find((n) => n.id === e.source.node)?.type ?? '') &&
          defsByType.has(doc.nodes.find((n) => n.id === e.target.node)?.type ?? ''),
      )
      .map((e) => ({ id: e.id, sources: [portId(e.source.node, 'out', e.source.port)], targets: [portId(e.target.node, 'in', e.target.port)] })),
  };
  const result = await (await loadElk()).layout(graph);
  const minX = Math.min(...doc.nodes.map((n) => n.position.x));
  const minY = Math.min(...doc.nodes.map((n) => n.position.y));
  const out = new Map<string, { x: number; y: number }>();
  const children = result.children ?? [];
  // ELK pads the graph; anchor the laid-out top-left corner where the graph's corner was.
  const padX = Math.min(...children.map((c) => c.x ?? 0));
  const padY = Math.min(...children.map((c) => c.y ?? 0));
  for (const child of children) out.set(child.id, { x: Math.round(minX + (child.x ?? 0) - padX), y: Math.round(minY + (child.y ?? 0) - padY) });
  return out;
}
