import type { HeapGraph } from "../../graph/heap-graph.ts";
import { EdgeKind, NodeKind } from "../../graph/kinds.ts";
import { retainedSet } from "../dominator-tree.ts";
import { NO_NODE, type DominatorResult, type PathIndex } from "../types.ts";
import type { EdgeMask } from "../edge-policy.ts";
import { chainSteps, pathDepth, pathEdge, pathSteps, pathTo, rootTextOf } from "../paths.ts";
import type { Finding, PathStep } from "./types.ts";

/**
 * Shared helpers of the Java detectors: type and label lookups on the typed-array graph, the
 * "shared constant" test (values that are never a leak), and `freedIfRemoved`, the exact bytes
 * that would be freed if a set of objects disappeared.
 */

const JDK_PREFIX = /^(java|javax|jdk|sun|com\.sun|org\.ietf|org\.w3c|org\.xml)\./;

/** True for a JDK type name (display form, arrays too). */
export function isJdkTypeName(name: string): boolean {
  return JDK_PREFIX.test(name.startsWith("class ") ? name.slice(6) : name);
}

/**
 * Mask over type indices: 1 where the type is one of `names` or a subtype of one (any class
 * loader). Undefined when none of the names occurs in the dump.
 */
export function subtypeMask(graph: HeapGraph, names: readonly string[]): Uint8Array | undefined {
  const bases = new Set<number>();
  for (const n of names) for (const t of graph.typesNamed(n)) bases.add(t);
  if (bases.size === 0) return undefined;
  const count = graph.types.names.length;
  const state = new Uint8Array(count); // 0 unknown, 1 yes, 2 no
  const superType = graph.types.superType;
  const trail: number[] = [];
  for (let t = 0; t < count; t++) {
    if (state[t]) continue;
    trail.length = 0;
    let x = t;
    let verdict = 2;
    for (let guard = 0; x >= 0 && guard < 4096; guard++) {
      if (state[x]) {
        verdict = state[x];
        break;
      }
      if (bases.has(x)) {
        verdict = 1;
        trail.push(x);
        break;
      }
      trail.push(x);
      x = superType[x];
    }
    for (const y of trail) state[y] = verdict;
  }
  const mask = new Uint8Array(count);
  for (let t = 0; t < count; t++) mask[t] = state[t] === 1 ? 1 : 0;
  return mask;
}

/** Base classes whose instances the Java detectors look at: collected together in one pass per graph. */
const DETECTOR_BASES = [
  "java.util.WeakHashMap", "java.lang.Thread", "java.lang.ref.Finalizer",
  "jdk.internal.ref.CleanerImpl$PhantomCleanableRef", "java.lang.ClassLoader",
];
interface Candidates {
  mask: Uint8Array;
  nodes: Uint32Array;
}
const candidateCache = new WeakMap<HeapGraph, Candidates>();

function scanInstances(graph: HeapGraph, typeMask: Uint8Array): Uint32Array {
  const { type, kind } = graph;
  const n = graph.nodeCount;
  // One pass: the matches are few (maps, threads, loaders), the nodes many.
  const out: number[] = [];
  for (let v = 0; v < n; v++) if (typeMask[type[v]] === 1 && kind[v] === NodeKind.Instance) out.push(v);
  return Uint32Array.from(out);
}

/**
 * Instances (instance nodes) whose type is set in `typeMask`, in ordinal order. The instances of all
 * detector base classes (DETECTOR_BASES and subclasses) are gathered in one pass over the node
 * columns per graph; a mask within them is answered from that short list.
 */
export function instancesOf(graph: HeapGraph, typeMask: Uint8Array): Uint32Array {
  let c = candidateCache.get(graph);
  if (!c) {
    const mask = subtypeMask(graph, DETECTOR_BASES) ?? new Uint8Array(graph.types.names.length);
    c = { mask, nodes: scanInstances(graph, mask) };
    candidateCache.set(graph, c);
  }
  for (let t = 0; t < typeMask.length; t++) if (typeMask[t] === 1 && c.mask[t] !== 1) return scanInstances(graph, typeMask);
  const type = graph.type;
  return c.nodes.filter((v) => typeMask[type[v]] === 1);
}

/** True when `node` has a strong, non-structural out-edge (a field that can lead anywhere). */
export function hasFieldRefs(graph: HeapGraph, node: number): boolean {
  const { edgeStart, edgeKind } = graph;
  for (let e = edgeStart[node], end = edgeStart[node + 1]; e < end; e++) if (edgeKind[e] === EdgeKind.Strong) return true;
  return false;
}

const labelCache = new WeakMap<HeapGraph, Map<string, number>>();

/** String-table index of an edge label, or -1 when no edge carries it. */
export function labelId(graph: HeapGraph, name: string): number {
  let m = labelCache.get(graph);
  if (!m) labelCache.set(graph, (m = new Map()));
  let id = m.get(name);
  if (id === undefined) {
    id = graph.labels.indexOf(name);
    m.set(name, id);
  }
  return id;
}

/** Target of the first out-edge of `node` labelled `label` (a labelId), or -1. Null fields have no edge. */
export function fieldTarget(graph: HeapGraph, node: number, label: number): number {
  if (label < 0) return -1;
  const { edgeStart, edgeTo } = graph;
  for (let e = edgeStart[node], end = edgeStart[node + 1]; e < end; e++) if (graph.labelOf(e) === label) return edgeTo[e];
  return -1;
}

/**
 * The value a static field of class `className` points to, or -1. With several inputs (a hybrid
 * audit) pass `input` (an input index) to read the class of that process.
 */
export function staticTarget(graph: HeapGraph, className: string, field: string, input = -1): number {
  const label = labelId(graph, field);
  if (label < 0) return -1;
  for (const t of graph.typesNamed(className)) {
    const c = graph.types.classNode[t];
    if (c < 0 || (input >= 0 && graph.inputIndexOf(c) !== input)) continue;
    const v = fieldTarget(graph, c, label);
    if (v >= 0) return v;
  }
  return -1;
}

/** Tags findings with their process when the graph holds several inputs (hybrid audits). */
export function tagProcess(graph: HeapGraph, findings: Finding[]): Finding[] {
  if (graph.inputs.length > 1) {
    for (const f of findings) if (f.subject.node !== undefined) f.process ??= graph.inputOf(f.subject.node)?.process;
  }
  return findings;
}

const BOXED = new Set([
  "java.lang.Boolean", "java.lang.Byte", "java.lang.Short", "java.lang.Character",
  "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
]);

/** Per-graph facts the constant test needs, computed once. */
interface ConstantFacts {
  enumMask?: Uint8Array;
  boxedMask: Uint8Array;
  stringMask: Uint8Array;
  resolvedLabel: number;
}
const constantCache = new WeakMap<HeapGraph, ConstantFacts>();

function constantFacts(graph: HeapGraph): ConstantFacts {
  let f = constantCache.get(graph);
  if (f) return f;
  const count = graph.types.names.length;
  const boxedMask = new Uint8Array(count);
  const stringMask = new Uint8Array(count);
  for (let t = 0; t < count; t++) {
    const name = graph.types.names[t];
    if (BOXED.has(name)) boxedMask[t] = 1;
    if (name === "java.lang.String") stringMask[t] = 1;
  }
  f = { enumMask: subtypeMask(graph, ["java.lang.Enum"]), boxedMask, stringMask, resolvedLabel: labelId(graph, "<resolved_references>") };
  constantCache.set(graph, f);
  return f;
}

/**
 * Shared constants are never "leaked values": Class objects, boxed primitives (Boolean.TRUE of the
 * weak-set idiom, the Integer/Long caches), enum constants, and String literals (held by a class's
 * constant pool, `<resolved_references>`, i.e. interned).
 */
export function isSharedConstant(graph: HeapGraph, node: number): boolean {
  if (graph.kind[node] === NodeKind.Class) return true;
  if (graph.kind[node] !== NodeKind.Instance) return false;
  const f = constantFacts(graph);
  const t = graph.type[node];
  if (f.boxedMask[t] || (f.enumMask && f.enumMask[t])) return true;
  if (f.stringMask[t] && f.resolvedLabel >= 0) return isConstantPoolString(graph, node, f.resolvedLabel);
  return false;
}

function isConstantPoolString(graph: HeapGraph, node: number, resolvedLabel: number): boolean {
  const rev = graph.retainers();
  for (let k = rev.start[node], end = rev.start[node + 1]; k < end; k++) {
    const holder = rev.from[k];
    if (graph.kind[holder] !== NodeKind.ObjectArray) continue;
    // Is `holder` some class's <resolved_references> array?
    for (let j = rev.start[holder], je = rev.start[holder + 1]; j < je; j++) {
      if (graph.labelOf(rev.edge[j]) === resolvedLabel) return true;
    }
  }
  return false;
}

/** Captured-variable field names of closures: lambda `arg$N`, inner/anonymous `val$x`, `this$N`. */
export function isCaptureField(via: string): boolean {
  return /^(arg\$\d+|val\$.+|this\$\d+)$/.test(via);
}

/** What a path says about its holder: the last static field on it and the last closure capture. */
export interface PathHolder {
  /** "Class.field" of the last static field on the path, if any. */
  staticField?: string;
  /** Closure class and captured field name of the last capture on the path. */
  closure?: { type: string; field: string };
  /** Thread name when the path starts at a thread or passes through one. */
  thread?: string;
}

export function describeHolder(steps: readonly PathStep[]): PathHolder {
  const h: PathHolder = {};
  for (let i = 1; i < steps.length; i++) {
    const prev = steps[i - 1];
    if (prev.type.startsWith("class ") && steps[i].via && !steps[i].via.startsWith("<")) {
      h.staticField = `${prev.type.slice(6)}.${steps[i].via}`;
    }
    if (isCaptureField(steps[i].via)) h.closure = { type: prev.type, field: steps[i].via };
  }
  return h;
}

/** A node's display name for humans: "class X" stays, hidden-class addresses stay (they are real). */
export function shortType(type: string): string {
  const s = type.startsWith("class ") ? type.slice(6) : type;
  return s.replace(/\/0x[0-9a-fA-F]+$/, "");
}

/** Reusable scratch marks for freedIfRemoved (one byte per node, allocated on first use per graph). */
const scratchCache = new WeakMap<HeapGraph, Uint8Array>();
function scratchFor(graph: HeapGraph): Uint8Array {
  let s = scratchCache.get(graph);
  if (!s) scratchCache.set(graph, (s = new Uint8Array(graph.nodeCount)));
  return s;
}

/** Dominator-tree nodes examined at most by one freedIfRemoved call before it falls back to an estimate. */
const FREED_EXACT_LIMIT = 4_000_000;

export interface Freed {
  bytes: number;
  objects: number;
  /** True when the search was too big and `bytes` is the sum of the blocked nodes' retained sizes (a lower bound). */
  estimated: boolean;
}

/**
 * Bytes that would be freed if every node in `blocked` were removed from the heap: exactly the
 * objects all of whose strong root paths pass through a blocked node (the blocked nodes included).
 *
 * How: let A be the nearest common dominator of the blocked nodes (not itself blocked). Everything
 * that can be freed lies in A's dominator subtree D, and a node of D stays alive iff A still reaches
 * it inside D without entering a blocked node. So: mark D (children CSR), walk from A inside D
 * avoiding blocked nodes, and count what was not reached. `passLabel` (an edge label id) is followed
 * even out of blocked nodes: removing a WeakHashMap entry relinks its bucket chain (`next`), so the
 * entries after it stay alive. Cost O(|D|); above FREED_EXACT_LIMIT nodes it falls back to a lower bound.
 */
export function freedIfRemoved(graph: HeapGraph, dom: DominatorResult, mask: EdgeMask, blockedNodes: readonly number[], passLabel = -1): Freed {
  const idom = dom.idom;
  const n = graph.nodeCount;
  const blocked = new Set<number>();
  for (const b of blockedNodes) if (b >= 0 && b < n && idom[b] !== NO_NODE) blocked.add(b);
  if (blocked.size === 0) return { bytes: 0, objects: 0, estimated: false };

  // Nearest common dominator of all blocked nodes.
  let chain: number[] = [];
  let index = new Map<number, number>();
  let floor = 0;
  let first = true;
  for (const b of blocked) {
    if (first) {
      for (let x = b; ; x = idom[x]) {
        index.set(x, chain.length);
        chain.push(x);
        if (x === n) break;
      }
      first = false;
      continue;
    }
    let x = b;
    while (!(index.has(x) && index.get(x)! >= floor)) x = idom[x];
    floor = index.get(x)!;
  }
  let anchor = chain[floor];
  while (anchor !== n && blocked.has(anchor)) anchor = idom[anchor];
  chain = [];
  index = new Map();

  if (dom.retainedCount[anchor] > FREED_EXACT_LIMIT) return estimate(graph, dom, blocked);

  const mark = scratchFor(graph);
  const members: number[] = [];
  // 1. mark D (anchor's dominator subtree; the super-root itself is virtual).
  for (const v of retainedSet(dom, anchor)) {
    mark[v] = 1;
    members.push(v);
  }
  // 2. walk from the anchor (or from the roots) inside D, not entering blocked nodes.
  const queue: number[] = [];
  const visit = (w: number): void => {
    if (mark[w] !== 1) return;
    if (blocked.has(w)) {
      mark[w] = 3;
      if (passLabel >= 0) queue.push(w);
      return;
    }
    mark[w] = 2;
    queue.push(w);
  };
  if (anchor === n) {
    for (let r = 0; r < graph.rootCount; r++) visit(graph.rootNode[r]);
  } else {
    mark[anchor] = 2;
    queue.push(anchor);
  }
  const { edgeStart, edgeTo, edgeKind } = graph;
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head];
    const through = mark[v] === 3;
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      if (mask[edgeKind[e]] === 0) continue;
      if (through && graph.labelOf(e) !== passLabel) continue;
      visit(edgeTo[e]);
    }
  }
  // 3. count and clear.
  let bytes = 0;
  let objects = 0;
  for (const v of members) {
    if (mark[v] !== 2) {
      bytes += graph.shallow[v];
      objects += graph.objectCount(v);
    }
    mark[v] = 0;
  }
  return { bytes, objects, estimated: false };
}

function estimate(graph: HeapGraph, dom: DominatorResult, blocked: Set<number>): Freed {
  let bytes = 0;
  let objects = 0;
  for (const b of blocked) {
    // Skip nodes inside another blocked node's subtree (their bytes are counted there).
    let nested = false;
    for (let x = dom.idom[b], guard = 0; x !== graph.nodeCount && x !== NO_NODE && guard < 10_000; x = dom.idom[x], guard++) {
      if (blocked.has(x)) {
        nested = true;
        break;
      }
    }
    if (!nested) {
      bytes += dom.retained[b];
      objects += dom.retainedCount[b];
    }
  }
  return { bytes, objects, estimated: true };
}

/** Human byte size: 1536 → "1.5 KiB". */
export function formatBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = b / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** A node chain root → … → target with, per node, the edge that enters it (-1 for the first). */
export interface EdgeChain {
  nodes: number[];
  edges: number[];
}

/**
 * A strong root path to `target` that passes through none of `forbidden`, found backwards: a BFS
 * over retainers from the target (never entering a forbidden node) stops at the first node whose
 * indexed shortest root path (PathIndex) avoids the forbidden nodes and the target; the answer is
 * that root path followed by the backward chain. Local and bounded (`limit` retainers visited),
 * unlike a forward search from all roots. Undefined when none was found within the bound.
 */
export function rootPathAvoiding(
  graph: HeapGraph,
  paths: PathIndex,
  target: number,
  forbidden: { has(node: number): boolean },
  mask: EdgeMask,
  limit = 20_000,
  budget?: SearchBudget,
): EdgeChain | undefined {
  if (budget) limit = Math.min(limit, budget.next());
  if (limit <= 0) return undefined;
  const result = searchBackward(graph, paths, target, forbidden, mask, limit);
  budget?.spend(result.visited);
  return result.chain;
}

function searchBackward(
  graph: HeapGraph,
  paths: PathIndex,
  target: number,
  forbidden: { has(node: number): boolean },
  mask: EdgeMask,
  limit: number,
): { chain: EdgeChain | undefined; visited: number } {
  const rev = graph.retainers();
  const n = graph.nodeCount;
  // node → [next node toward the target, edge from node to it]
  const toward = new Map<number, [number, number]>([[target, [-1, -1]]]);
  const queue = [target];
  let budget = limit * 64; // total steps spent walking indexed root paths
  const avoids = (x: number): boolean => {
    if (paths.parent[x] === NO_NODE) return false;
    for (let v = x; v !== n; v = paths.parent[v]) {
      if (forbidden.has(v) || (v === target && x !== target)) return false;
      if (--budget < 0) return false;
    }
    return true;
  };
  for (let head = 0; head < queue.length && head < limit; head++) {
    const x = queue[head];
    if (avoids(x)) {
      const nodes: number[] = [];
      const edges: number[] = [];
      for (let v = x; v !== n; v = paths.parent[v]) {
        nodes.push(v);
        edges.push(pathEdge(graph, paths, v));
      }
      nodes.reverse();
      edges.reverse();
      edges[0] = -1;
      for (let cur = x; ; ) {
        const [next, edge] = toward.get(cur)!;
        if (next < 0) break;
        nodes.push(next);
        edges.push(edge);
        cur = next;
      }
      return { chain: { nodes, edges }, visited: toward.size };
    }
    if (budget < 0) break;
    for (let k = rev.start[x], end = rev.start[x + 1]; k < end; k++) {
      const e = rev.edge[k];
      if (mask[graph.edgeKind[e]] === 0) continue;
      const y = rev.from[k];
      if (forbidden.has(y) || toward.has(y)) continue;
      toward.set(y, [x, e]);
      queue.push(y);
    }
  }
  return { chain: undefined, visited: toward.size };
}

/** Findings show at most this many path steps; longer paths (linked lists) keep both ends. */
export const MAX_PATH_STEPS = 48;
const PATH_HEAD = 12;

/**
 * The GC-root path to `node` as report steps (root first), like pathSteps, but bounded: a path
 * through a long linked structure keeps its first PATH_HEAD and last steps around one "…" step
 * (type and via "…", value "<k> objects omitted"), so a finding never carries 10⁵ steps. The
 * marker is stable, so signatures stay stable too.
 */
export function findingPath(graph: HeapGraph, paths: PathIndex, dom: DominatorResult, node: number): PathStep[] {
  if (node < 0 || node >= graph.nodeCount || paths.parent[node] === NO_NODE) return [];
  if (pathDepth(graph, paths, node, MAX_PATH_STEPS) < MAX_PATH_STEPS) return pathSteps(graph, paths, dom, node);
  const chain = pathTo(graph, paths, node);
  const tailLength = MAX_PATH_STEPS - PATH_HEAD - 1;
  const head = chainSteps(graph, chain.slice(0, PATH_HEAD), dom);
  const root = rootTextOf(graph, chain[0]);
  if (root !== undefined) head[0].root = root;
  const tailNodes = chain.slice(chain.length - tailLength);
  const tail = chainSteps(graph, tailNodes, dom);
  tail[0].via = graph.edgeLabelText(pathEdge(graph, paths, tailNodes[0]));
  delete tail[0].root;
  const omitted = chain.length - PATH_HEAD - tailLength;
  return [...head, { id: "", type: "…", via: "…", value: `${omitted} objects omitted` }, ...tail];
}

/** chainSteps for a node chain (e.g. from rootPathAvoiding), bounded like findingPath. */
export function boundedChainSteps(graph: HeapGraph, chain: readonly number[], dom: DominatorResult): PathStep[] {
  if (chain.length <= MAX_PATH_STEPS) return chainSteps(graph, chain, dom);
  const tailLength = MAX_PATH_STEPS - PATH_HEAD - 1;
  const head = chainSteps(graph, chain.slice(0, PATH_HEAD), dom);
  const tailNodes = chain.slice(chain.length - tailLength);
  const tail = chainSteps(graph, [chain[chain.length - tailLength - 1], ...tailNodes], dom).slice(1);
  const omitted = chain.length - PATH_HEAD - tailLength;
  return [...head, { id: "", type: "…", via: "…", value: `${omitted} objects omitted` }, ...tail];
}

/**
 * Work budget shared by the many small searches of one detector run, so a heap where every search
 * is expensive (values that lead into a huge object graph) still finishes quickly: each search may
 * visit at most `perSearch` nodes and all together at most `total`.
 */
export class SearchBudget {
  constructor(
    private remaining: number,
    readonly perSearch: number,
  ) {}
  get exhausted(): boolean {
    return this.remaining <= 0;
  }
  /** Node limit for the next search. */
  next(): number {
    return Math.max(0, Math.min(this.perSearch, this.remaining));
  }
  spend(visited: number): void {
    this.remaining -= visited;
  }
}

/**
 * Node chain start → … → target over strong edges (shortest), never passing through a node for
 * which `forbidden` is true (the target itself may be one), visiting at most budget.next() nodes (charged to the budget). A Map holds
 * the visited nodes, so memory is bounded by the limit rather than the heap size.
 */
export function boundedReach(graph: HeapGraph, start: number, target: number, forbidden: (v: number) => boolean, budget: SearchBudget): number[] | undefined {
  if (start === target) return [start];
  const limit = budget.next();
  if (limit <= 0) return undefined;
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  const { edgeStart, edgeTo, edgeKind } = graph;
  let found = false;
  for (let head = 0; head < queue.length && !found; head++) {
    const v = queue[head];
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      const k = edgeKind[e];
      if (k !== EdgeKind.Strong && k !== EdgeKind.Internal) continue;
      const w = edgeTo[e];
      if (parent.has(w)) continue;
      if (w === target) {
        // the target itself may be of a forbidden kind (a Class key, say): reaching it is the answer
        parent.set(w, v);
        found = true;
        break;
      }
      if (forbidden(w)) continue;
      parent.set(w, v);
      if (parent.size >= limit) break;
      queue.push(w);
    }
    if (parent.size >= limit) break;
  }
  budget.spend(parent.size);
  if (!found) return undefined;
  const chain: number[] = [];
  for (let x = target; x >= 0; x = parent.get(x)!) chain.push(x);
  return chain.reverse();
}

/**
 * Type/field/root text of an edge chain from rootPathAvoiding: enough for describeHolder and
 * grouping, without reading values from the dump or searching edges.
 */
export function lightSteps(graph: HeapGraph, paths: PathIndex, chain: EdgeChain): PathStep[] {
  const out: PathStep[] = [];
  for (let i = 0; i < chain.nodes.length; i++) {
    const v = chain.nodes[i];
    const e = chain.edges[i];
    const step: PathStep = { id: "", type: graph.nodeName(v), via: e >= 0 ? graph.edgeLabelText(e) : "" };
    const root = i === 0 ? rootTextOf(graph, v) : undefined;
    if (root !== undefined) step.root = root;
    out.push(step);
  }
  return out;
}
