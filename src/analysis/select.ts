import type { HeapGraph } from "../graph/heap-graph.ts";
import { NodeKind } from "../graph/kinds.ts";
import type { DominatorResult } from "./types.ts";

export interface Selected {
  selector: string;
  nodes: number[];
  /** Why nothing matched, when nodes is empty. */
  reason?: string;
}

/**
 * Resolves a `paths` selector to node ordinals, trying in order:
 *  - `0x…` an object id (address);
 *  - a root label (`main.someGlobal` for Go globals, a thread name);
 *  - `Class.staticField` (the object that static references);
 *  - a type / class / function name, or `file:line` of a Go site: its `limit` largest instances by retained size.
 */
export function selectNodes(g: HeapGraph, dom: DominatorResult, selector: string, limit = 5): Selected {
  const sel = selector.trim();
  if (/^0x[0-9a-f]+$/i.test(sel)) {
    const v = g.findByExternalId(parseInt(sel, 16));
    return v >= 0 ? { selector, nodes: [v] } : { selector, nodes: [], reason: `no object with id ${sel}` };
  }
  const rootHits: number[] = [];
  for (let r = 0; r < g.rootCount; r++) if (g.rootLabelText(r) === sel) rootHits.push(g.rootNode[r]);
  if (rootHits.length) return { selector, nodes: unique(rootHits).slice(0, limit) };

  const byType = instancesOf(g, dom, (name) => name === sel, limit);
  if (byType.length) return { selector, nodes: byType };

  const dot = sel.lastIndexOf(".");
  if (dot > 0) {
    const cls = sel.slice(0, dot);
    const field = sel.slice(dot + 1);
    const hits: number[] = [];
    for (const t of g.typesNamed(cls)) {
      const c = g.types.classNode[t];
      if (c < 0) continue;
      for (let e = g.edgeStart[c]; e < g.edgeStart[c + 1]; e++) if (g.edgeLabelText(e) === field) hits.push(g.edgeTo[e]);
    }
    if (hits.length) return { selector, nodes: unique(hits) };
  }
  // Java source spelling of a nested class: Outer.Inner → Outer$Inner.
  for (let i = sel.lastIndexOf("."); i > 0; i = sel.lastIndexOf(".", i - 1)) {
    const nested = sel.slice(0, i) + "$" + sel.slice(i + 1).replace(/\./g, "$");
    const hits = instancesOf(g, dom, (name) => name === nested, limit);
    if (hits.length) return { selector, nodes: hits };
  }
  // Go sites: a function name or file:line anywhere in the site's name.
  const site = instancesOf(g, dom, (name) => name.includes(sel), limit, NodeKind.GoSite);
  if (site.length) return { selector, nodes: site };
  return { selector, nodes: [], reason: `nothing matches ${JSON.stringify(sel)} (try an id like 0x…, Class.staticField, a class name, or a Go function)` };
}

function unique(a: number[]): number[] {
  return [...new Set(a)];
}

/** The `limit` largest (by retained size) nodes whose type name matches. */
function instancesOf(g: HeapGraph, dom: DominatorResult, match: (name: string) => boolean, limit: number, kind?: number): number[] {
  const names = g.types.names;
  const ok = new Uint8Array(names.length);
  let any = false;
  for (let t = 0; t < names.length; t++) if (match(names[t])) (ok[t] = 1), (any = true);
  if (!any) return [];
  const best: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    if (!ok[g.type[v]] || (kind !== undefined && g.kind[v] !== kind)) continue;
    if (kind === undefined && g.kind[v] === NodeKind.Class) continue;
    if (best.length < limit) {
      best.push(v);
      best.sort((a, b) => dom.retained[b] - dom.retained[a]);
    } else if (dom.retained[v] > dom.retained[best[limit - 1]]) {
      best[limit - 1] = v;
      best.sort((a, b) => dom.retained[b] - dom.retained[a]);
    }
  }
  return best;
}
