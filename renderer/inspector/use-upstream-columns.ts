/**
 * The columns of the table arriving at one input of a node, once known: taken from the output
 * summary the upstream node reported in the last run. Undefined while unknown (never run, or not
 * connected), so pickers fall back to free text.
 */
import { useShallow } from 'zustand/react/shallow';
import { useStudio } from '../store/studio-store-context.js';
import type { StudioState } from '../store/store-types.js';

/** Column names at `port` of `nodeId`, or undefined when the schema is not known yet. */
export function upstreamColumns(state: StudioState, nodeId: string, port: string): string[] | undefined {
  const edge = state.doc.edges.find((e) => e.target.node === nodeId && e.target.port === port);
  if (!edge) return undefined;
  const upstream = state.run.nodes[edge.source.node];
  const summary = upstream?.outputs?.[edge.source.port];
  return summary?.columns?.map((c) => c.name);
}

/** Hook form of {@link upstreamColumns}; re-renders only when the list changes. */
export function useUpstreamColumns(nodeId: string, port: string): string[] | undefined {
  return useStudio(useShallow((s) => upstreamColumns(s, nodeId, port)));
}
