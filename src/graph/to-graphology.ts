import { MultiDirectedGraph } from "graphology";
import type { HeapGraph } from "./heap-graph.ts";
import { EDGE_KIND_NAMES } from "./kinds.ts";

export interface GraphologyNodeAttributes {
  /** Ordinal in the HeapGraph. */
  node: number;
  /** `0x…` external id. */
  id: string;
  /** Display name (type, or "class X"). */
  type: string;
  shallow: number;
  retained?: number;
}

export interface GraphologyEdgeAttributes {
  /** Field name, `[i]`, or map-key label. */
  label: string;
  /** "strong" | "weak" | "soft" | "phantom" | "final" | "internal" */
  kind: string;
  /** Edge index in the HeapGraph. */
  edge: number;
}

export type HeapSubgraph = MultiDirectedGraph<GraphologyNodeAttributes, GraphologyEdgeAttributes>;

/**
 * The subgraph induced by `nodes` as a graphology MultiDirectedGraph — for report-size node sets
 * only (merged retention paths, HTML subgraphs): graphology costs ~1 KB per node.
 * Node keys are ordinals as strings; edge keys are HeapGraph edge indices as strings.
 * `mask` (indexed by EdgeKind, 1 = keep; the analysis EdgeMask) filters edges; default keeps all.
 * `retained` (e.g. DominatorResult.retained) adds a retained attribute.
 */
export function toGraphology(graph: HeapGraph, nodes: Iterable<number>, mask?: Uint8Array, retained?: Float64Array): HeapSubgraph {
  const g: HeapSubgraph = new MultiDirectedGraph<GraphologyNodeAttributes, GraphologyEdgeAttributes>();
  const members: number[] = [];
  for (const v of nodes) {
    if (!Number.isInteger(v) || v < 0 || v >= graph.nodeCount) continue;
    const key = String(v);
    if (g.hasNode(key)) continue;
    const attrs: GraphologyNodeAttributes = { node: v, id: graph.hexId(v), type: graph.nodeName(v), shallow: graph.shallow[v] };
    if (retained) attrs.retained = retained[v];
    g.addNode(key, attrs);
    members.push(v);
  }
  for (const v of members) {
    for (let e = graph.edgeStart[v], end = graph.edgeStart[v + 1]; e < end; e++) {
      const kind = graph.edgeKind[e];
      if (mask && !mask[kind]) continue;
      const to = String(graph.edgeTo[e]);
      if (!g.hasNode(to)) continue;
      g.addDirectedEdgeWithKey(String(e), String(v), to, { label: graph.edgeLabelText(e), kind: EDGE_KIND_NAMES[kind] ?? "?", edge: e });
    }
  }
  return g;
}
