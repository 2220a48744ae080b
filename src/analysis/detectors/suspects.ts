import type { HeapGraph } from "../../graph/heap-graph.ts";
import { Lang, NodeKind } from "../../graph/kinds.ts";
import { childSummary, reachableBytesOf } from "../dominator-tree.ts";
import { NO_NODE, type DominatorResult } from "../types.ts";
import { describeHolder, findingPath, formatBytes, isJdkTypeName, shortType, tagProcess } from "./java-support.ts";
import { signatureOf } from "./signature.ts";
import type { Detector, DetectorContext, Finding } from "./types.ts";

const ID = "java.suspect";

/** Share of the reachable heap above which one object (or one class's instances) is a suspect (MAT's default). */
export const SUSPECT_SHARE = 0.1;
/** Below this a suspect is not worth reporting: a heap this small has nothing to find. */
export const SUSPECT_MIN_BYTES = 1024 * 1024;

/**
 * Leak suspects in the spirit of Eclipse MAT, over the dominator tree (retained size = what would be
 * freed if the object were gone):
 *  1. accumulation points: the deepest objects retaining ≥ threshold (every child below it), i.e. where
 *     a big share of the heap fans out into many small pieces (a collection's array, a cache's table),
 *     or the head of a linked chain of same-typed objects (each dominating the rest of the chain);
 *     the finding's path is the GC-root path to it and names the static/thread that holds it;
 *  2. class groups: an application class (not a JDK type, not an array) whose instances, outside the
 *     accumulation points already reported, together retain ≥ threshold although none does alone;
 *     the subject is the object that dominates most of them.
 * threshold = max(SUSPECT_SHARE × the process's reachable heap, SUSPECT_MIN_BYTES, ctx.minBytes).
 */
export const javaLeakSuspects: Detector = {
  id: ID,
  language: "java",
  description: "MAT-style leak suspects: one object or one class retaining a large share of the heap, with its accumulation point",
  run(ctx: DetectorContext): Finding[] {
    const { graph, dominators: dom } = ctx;
    // Shares are per process: with several inputs (an audit) each has its own heap total.
    // (inputs are disjoint subgraphs: a process's reachable bytes are its top-level subtrees' sum)
    const totals = Float64Array.from(graph.inputs, (inp) => reachableBytesOf(graph, dom, inp));
    const thresholds = Array.from(totals, (t) => Math.max(SUSPECT_SHARE * t, SUSPECT_MIN_BYTES, ctx.minBytes));
    const out: Finding[] = [];
    const points = accumulationPoints(graph, dom, thresholds);
    for (const p of points) out.push(pointFinding(ctx, p, totals[graph.inputIndexOf(p.node)]));
    out.push(...classGroups(ctx, points.map((p) => p.node), thresholds, totals));
    return tagProcess(graph, out);
  },
};

/** An accumulation point, with its number of children and the largest of them (-1: none). */
type Point = { node: number; children: number; largest: number };

/**
 * Deepest Java nodes retaining ≥ their process's threshold: children are sorted largest first, so
 * each level is a prefix. One pass over each visited node's children (a point often has millions).
 */
function accumulationPoints(graph: HeapGraph, dom: DominatorResult, thresholds: number[]): Point[] {
  const out: Point[] = [];
  const stack = [graph.superRoot];
  const minThreshold = Math.min(...thresholds);
  while (stack.length) {
    const v = stack.pop()!;
    let bigChildren = 0;
    let onlyBig = -1;
    const summary = childSummary(dom, v, minThreshold);
    const children = summary.above;
    for (const c of children) {
      if (dom.retained[c] < minThreshold) break;
      if (dom.retained[c] < thresholds[graph.inputIndexOf(c)]) continue;
      bigChildren++;
      onlyBig = c;
    }
    // A linked structure (list node → next node of the same type → …) dominates its whole tail at
    // every step: its head is the accumulation point, not some node deep inside it.
    const chainHead = bigChildren === 1 && v !== graph.superRoot && graph.type[onlyBig] === graph.type[v] && graph.kind[onlyBig] === graph.kind[v];
    if ((bigChildren === 0 || chainHead) && v !== graph.superRoot && graph.lang[v] === Lang.Java) {
      out.push({ node: v, children: summary.count, largest: summary.largest });
      continue;
    }
    for (const c of children) {
      if (dom.retained[c] < minThreshold) break;
      if (dom.retained[c] >= thresholds[graph.inputIndexOf(c)]) stack.push(c);
    }
  }
  return out;
}

/** Walks up from an accumulation point while the parent is mostly this same memory: the "suspect" object. */
function suspectTop(graph: HeapGraph, dom: DominatorResult, point: number): number {
  let top = point;
  for (let guard = 0; guard < 64; guard++) {
    const up = dom.idom[top];
    if (up === graph.superRoot || up === NO_NODE || graph.kind[up] === NodeKind.Class) break;
    if (dom.retained[top] < 0.8 * dom.retained[up]) break;
    top = up;
  }
  return top;
}

function pointFinding(ctx: DetectorContext, p: Point, total: number): Finding {
  const { graph, dominators: dom, paths } = ctx;
  const point = p.node;
  const path = findingPath(graph, paths, dom, point);
  const top = suspectTop(graph, dom, point);
  const bytes = dom.retained[point];
  const share = (100 * bytes) / total;
  const children = p.children;
  const firstChild = p.largest;
  const holder = describeHolder(path);
  const where = holder.staticField ? `static ${holder.staticField}` : path[0]?.root ?? "a GC root";
  const topType = shortType(graph.nodeName(top));
  const pointType = shortType(graph.nodeName(point));
  return {
    detector: ID,
    severity: share >= 30 ? "high" : "medium",
    language: "java",
    title: `One ${topType} (${where}) retains ${formatBytes(dom.retained[top])} (${share.toFixed(0)}% of the heap)`,
    explanation:
      `${share.toFixed(0)}% of all live memory (${formatBytes(bytes)} of ${formatBytes(total)}) would be freed if this single ${pointType} were gone: ` +
      `everything it holds is reachable only through it. The memory accumulates here, in ${children} object${children === 1 ? "" : "s"} ` +
      `it holds directly, and it is kept alive by ${where}. A structure this large is either the application's main data or a collection that only grows.`,
    subject: { id: graph.hexId(point), type: graph.nodeName(point), node: point },
    count: dom.retainedCount[point],
    retainedBytes: bytes,
    path,
    evidence: {
      kind: firstChild >= 0 && graph.type[firstChild] === graph.type[point] ? "linked-chain" : "accumulation-point",
      sharePercent: Math.round(share * 10) / 10,
      heapBytes: total,
      suspect: { id: graph.hexId(top), type: graph.nodeName(top), retainedBytes: dom.retained[top] },
      accumulationPoint: { id: graph.hexId(point), type: graph.nodeName(point), children },
      holder: holder.staticField ?? null,
    },
    signature: signatureOf(ID, path),
    advice: `Check whether ${where} is meant to hold this much: bound it (size or age limit, eviction), remove entries when they are no longer needed, or do not keep the data in memory.`,
  };
}

/** Class groups outside the accumulation points already reported. */
function classGroups(ctx: DetectorContext, points: number[], thresholds: number[], totals: Float64Array): Finding[] {
  const { graph, dominators: dom, paths } = ctx;
  const n = graph.nodeCount;
  // Mark the reported subtrees so their objects are not counted twice.
  // A node is in a reported subtree when its layout position falls in that point's range (the
  // points' subtrees are disjoint): a sequential read per node instead of marking millions.
  const ranges = points.map((p) => [dom.treePos[p], dom.treePos[p] + dom.subtreeSize[p]]).sort((a, b) => a[0] - b[0]);
  const starts = Float64Array.from(ranges, (r) => r[0]);
  const ends = Float64Array.from(ranges, (r) => r[1]);
  const treePos = dom.treePos;
  const covered = (v: number): boolean => {
    const pos = treePos[v];
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && pos < ends[lo - 1];
  };
  const typeCount = graph.types.names.length;
  // Class groups are application classes: JDK types and arrays (String, byte[], HashMap$Node[]…) are
  // the leaves of every structure and would only repeat what their holders' groups already say.
  const groupable = new Uint8Array(typeCount);
  for (let t = 0; t < typeCount; t++) {
    const name = graph.types.names[t];
    groupable[t] = graph.types.lang[t] === Lang.Java && !name.endsWith("[]") && !isJdkTypeName(name) ? 1 : 0;
  }
  const sum = new Float64Array(typeCount);
  const cnt = new Uint32Array(typeCount);
  const max = new Float64Array(typeCount);
  const firstOf = new Int32Array(typeCount).fill(-1);
  const { type, kind, lang } = graph;
  // Only groupable types are reported: test that first, as most objects are JDK types and arrays.
  for (let v = 0; v < n; v++) {
    const t = type[v];
    if (!groupable[t] || lang[v] !== Lang.Java || kind[v] === NodeKind.Class || dom.idom[v] === NO_NODE) continue;
    const up = dom.idom[v];
    // Only the topmost instance of a chain of same-typed objects counts (its retained size includes the rest).
    if (up !== graph.superRoot && type[up] === t && kind[up] === kind[v]) continue;
    if (points.length > 0 && covered(v)) continue;
    const r = dom.retained[v];
    sum[t] += r;
    cnt[t]++;
    if (firstOf[t] < 0) firstOf[t] = v;
    if (r > max[t]) max[t] = r;
  }
  const out: Finding[] = [];
  for (let t = 0; t < typeCount; t++) {
    if (cnt[t] < 2) continue;
    const input = graph.inputIndexOf(firstOf[t]);
    const threshold = thresholds[input] ?? Infinity;
    const total = totals[input];
    if (sum[t] < threshold || max[t] >= threshold) continue;
    // The object that dominates most of the group: the heaviest immediate dominator of its instances.
    const byHolder = new Map<number, number>();
    let largest = -1;
    for (let v = 0; v < n; v++) {
      if (type[v] !== t || covered(v) || kind[v] === NodeKind.Class || dom.idom[v] === NO_NODE) continue;
      const up = dom.idom[v];
      if (up !== graph.superRoot && type[up] === t) continue;
      byHolder.set(up, (byHolder.get(up) ?? 0) + dom.retained[v]);
      if (largest < 0 || dom.retained[v] > dom.retained[largest]) largest = v;
    }
    let holder = -1;
    let holderBytes = 0;
    for (const [h, b] of byHolder) if (b > holderBytes) (holder = h), (holderBytes = b);
    const subject = holder >= 0 && holder !== graph.superRoot && holderBytes >= 0.5 * sum[t] ? holder : largest;
    const path = findingPath(graph, paths, dom, subject);
    const name = graph.types.names[t];
    const share = (100 * sum[t]) / total;
    const h = describeHolder(path);
    const where = h.staticField ? `static ${h.staticField}` : path[0]?.root ?? "a GC root";
    out.push({
      detector: ID,
      severity: share >= 30 ? "high" : "medium",
      language: "java",
      title: `${cnt[t]} instances of ${shortType(name)} retain ${formatBytes(sum[t])} (${share.toFixed(0)}% of the heap)`,
      explanation:
        `No single object is large, but together the ${cnt[t]} ${shortType(name)} objects keep ${share.toFixed(0)}% of all live memory ` +
        `(${formatBytes(sum[t])}) alive. ${subject === holder ? `Most of them are held by one ${shortType(graph.nodeName(subject))} (${formatBytes(holderBytes)}), reached from ${where}.` : `The largest one is reached from ${where}.`}`,
      subject: { id: graph.hexId(subject), type: graph.nodeName(subject), node: subject },
      count: cnt[t],
      retainedBytes: sum[t],
      path,
      evidence: { kind: "class-group", className: name, instances: cnt[t], sharePercent: Math.round(share * 10) / 10, heapBytes: total, holderBytes },
      signature: signatureOf(ID, path, [name]),
      advice: `Find out why so many ${shortType(name)} objects stay alive (${where}); bound the structure that collects them or release them when done.`,
    });
  }
  return out;
}
