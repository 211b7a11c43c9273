/**
 * A sample pipeline as the start screen's gallery shows it: its name, what it teaches, and the
 * shape of its graph (node types and positions, edges) for the picture the window draws. Types only.
 */
export interface SampleCard {
  name: string;
  path: string;
  /** The document's description (the gallery shows its first sentence). */
  description: string;
  nodes: { id: string; type: string; x: number; y: number }[];
  edges: { source: string; target: string }[];
}
