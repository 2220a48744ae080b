import type { HeapGraph } from "../graph/heap-graph.ts";
import { NodeKind } from "../graph/kinds.ts";
import { profileTable, type ProfileTable } from "../graph/profile-table.ts";

/**
 * pprof-style tables for a Go heap profile loaded as a calling-context tree (or goref paths),
 * computed from the HeapGraph and its ProfileTable only:
 *  - flat(f): the value of samples whose leaf frame is in f;
 *  - cum(f):  the value of samples with f anywhere on the stack, counted once per sample
 *             (recursion does not double count), as `go tool pprof -top` reports them.
 */
export interface ProfileRow {
  /** Function name (functionTable) or "function file:line" (siteTable). */
  name: string;
  function: string;
  file: string;
  line: number;
  flat: number;
  cum: number;
  flatObjects: number;
  cumObjects: number;
}

export interface ProfileTableOptions {
  /** Sample type name ("alloc_space") or index; default: the one the graph was built with. */
  sampleType?: string | number;
}

export interface ProfileTableResult {
  sampleType: string;
  countType: string | undefined;
  total: number;
  totalObjects: number;
  rows: ProfileRow[];
}

/** Resolves the sample type to read and its object-count partner. */
function columns(t: ProfileTable, sampleType: string | number | undefined): { vi: number; ci: number } {
  let vi = t.valueIndex;
  if (typeof sampleType === "number") vi = sampleType;
  else if (sampleType !== undefined) vi = t.typeIndex(sampleType);
  if (vi < 0 || vi >= t.sampleTypes.length) throw new Error(`sample type ${String(sampleType)} is not in this profile (${t.sampleTypes.map((x) => x.type).join(", ")})`);
  let ci = -1;
  const ty = t.sampleTypes[vi];
  if (ty.unit === "count") ci = vi;
  else {
    const m = /^(.*?)(_?)space$/.exec(ty.type);
    if (m) ci = t.typeIndex(`${m[1]}${m[2]}objects`);
  }
  return { vi, ci };
}

/** Parent of each node in the input's tree (the one retainer), -1 at the top. */
export function treeParents(graph: HeapGraph, first: number, end: number): Int32Array {
  const parent = new Int32Array(end - first).fill(-1);
  const es = graph.edgeStart;
  const to = graph.edgeTo;
  for (let v = first; v < end; v++) {
    for (let e = es[v]; e < es[v + 1]; e++) {
      const w = to[e];
      if (w >= first && w < end && parent[w - first] < 0) parent[w - first] = v - first;
    }
  }
  return parent;
}

/**
 * Groups samples by a key per node (`keyOf` gives each local node a group id or -1) and sums flat
 * (group of the sample's node) and cum (every distinct group on the path to the top).
 */
function aggregate(
  graph: HeapGraph,
  inputIndex: number,
  opts: ProfileTableOptions,
  groupOf: (local: number, table: ProfileTable) => number,
  groupCount: () => number,
): { t: ProfileTable; flat: Float64Array; cum: Float64Array; flatO: Float64Array; cumO: Float64Array; total: number; totalObjects: number; vi: number; ci: number } {
  const t = profileTable(graph, inputIndex);
  if (!t) throw new Error(`input ${inputIndex} is not a Go heap profile`);
  const inp = graph.inputs[inputIndex];
  const first = inp.firstNode;
  const n = inp.endNode - first;
  const { vi, ci } = columns(t, opts.sampleType);
  const parent = treeParents(graph, first, inp.endNode);
  const group = new Int32Array(n);
  for (let v = 0; v < n; v++) group[v] = groupOf(v, t);
  const g = groupCount();
  const flat = new Float64Array(g), cum = new Float64Array(g), flatO = new Float64Array(g), cumO = new Float64Array(g);
  const seen = new Int32Array(g).fill(-1);
  const k = t.sampleTypes.length;
  let total = 0, totalObjects = 0;
  for (let s = 0; s < t.sampleCount; s++) {
    const v = t.values[s * k + vi];
    const o = ci >= 0 ? t.values[s * k + ci] : 0;
    if (v === 0 && o === 0) continue;
    total += v;
    totalObjects += o;
    const leaf: number = t.sampleNode[s];
    const lg = group[leaf];
    if (lg >= 0) {
      flat[lg] += v;
      flatO[lg] += o;
    }
    for (let x: number = leaf; x >= 0; x = parent[x]) {
      const gx = group[x];
      if (gx >= 0 && seen[gx] !== s) {
        seen[gx] = s;
        cum[gx] += v;
        cumO[gx] += o;
      }
    }
  }
  return { t, flat, cum, flatO, cumO, total, totalObjects, vi, ci };
}

function sortRows(rows: ProfileRow[]): ProfileRow[] {
  return rows.sort((a, b) => Math.abs(b.flat) - Math.abs(a.flat) || Math.abs(b.cum) - Math.abs(a.cum) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Per function: flat and cum, like `go tool pprof -top` (function granularity). */
export function functionTable(graph: HeapGraph, inputIndex: number, opts: ProfileTableOptions = {}): ProfileTableResult {
  const first = graph.inputs[inputIndex]?.firstNode ?? 0;
  const typeGroup = new Map<number, number>();
  const names: string[] = [];
  const r = aggregate(
    graph,
    inputIndex,
    opts,
    (local) => {
      const node = first + local;
      if (graph.kind[node] !== NodeKind.GoSite) return -1;
      const ty = graph.type[node];
      let gi = typeGroup.get(ty);
      if (gi === undefined) {
        gi = names.length;
        names.push(graph.typeName(node));
        typeGroup.set(ty, gi);
      }
      return gi;
    },
    () => names.length,
  );
  const rows: ProfileRow[] = [];
  for (let i = 0; i < names.length; i++) {
    if (r.flat[i] === 0 && r.cum[i] === 0 && r.flatO[i] === 0 && r.cumO[i] === 0) continue;
    rows.push({ name: names[i], function: names[i], file: "", line: 0, flat: r.flat[i], cum: r.cum[i], flatObjects: r.flatO[i], cumObjects: r.cumO[i] });
  }
  return result(r, sortRows(rows));
}

/**
 * Per allocation site (function, file:line of the frame that allocated — pprof's `-lines`
 * granularity): flat is what was allocated right there, cum includes callees reached through it.
 */
export function siteTable(graph: HeapGraph, inputIndex: number, opts: ProfileTableOptions = {}): ProfileTableResult {
  const inp = graph.inputs[inputIndex];
  const first = inp?.firstNode ?? 0;
  // Group id per (type, file, line), through numeric keys: string keys per node are slow at 10^6 nodes.
  const keyGroup = new Map<number, Map<number, number>>();
  const sites: { fn: string; file: string; line: number }[] = [];
  const parent = inp ? treeParents(graph, first, inp.endNode) : new Int32Array(0);
  const r = aggregate(
    graph,
    inputIndex,
    opts,
    (local, t) => {
      const node = first + local;
      if (graph.kind[node] !== NodeKind.GoSite) return -1;
      // A pprof sample leaf stands for the frame above it: same group, so the per-sample
      // dedupe counts the pair once for cum and the leaf's value lands on the frame's site.
      const p = parent[local];
      const isLeaf = t.kind === "pprof" && graph.edgeStart[node + 1] === graph.edgeStart[node] && p >= 0 && graph.kind[first + p] === NodeKind.GoSite;
      const frameLocal = isLeaf ? p : local;
      const type = graph.type[first + frameLocal];
      const fileIndex = t.nodeFile[frameLocal];
      const line = t.nodeLine[frameLocal];
      let byType = keyGroup.get(type);
      if (!byType) keyGroup.set(type, (byType = new Map()));
      const key = fileIndex * 4294967296 + (line >>> 0);
      let gi = byType.get(key);
      if (gi === undefined) {
        gi = sites.length;
        sites.push({ fn: graph.typeName(first + frameLocal), file: t.files[fileIndex] ?? "", line });
        byType.set(key, gi);
      }
      return gi;
    },
    () => sites.length,
  );
  const rows: ProfileRow[] = [];
  for (let i = 0; i < sites.length; i++) {
    if (r.flat[i] === 0 && r.cum[i] === 0 && r.flatO[i] === 0 && r.cumO[i] === 0) continue;
    const s = sites[i];
    const where = s.file ? `${s.file}:${s.line}` : s.line ? `:${s.line}` : "";
    rows.push({ name: where ? `${s.fn} ${where}` : s.fn, function: s.fn, file: s.file, line: s.line, flat: r.flat[i], cum: r.cum[i], flatObjects: r.flatO[i], cumObjects: r.cumO[i] });
  }
  return result(r, sortRows(rows));
}

function result(r: { t: ProfileTable; total: number; totalObjects: number; vi: number; ci: number }, rows: ProfileRow[]): ProfileTableResult {
  return {
    sampleType: r.t.sampleTypes[r.vi].type,
    countType: r.ci >= 0 ? r.t.sampleTypes[r.ci].type : undefined,
    total: r.total,
    totalObjects: r.totalObjects,
    rows,
  };
}
