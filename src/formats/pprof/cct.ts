import type { GraphBuilder } from "../../graph/builder.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../graph/kinds.ts";
import { ProfileTable } from "../../graph/profile-table.ts";
import type { StackSamples } from "./stacks.ts";

/** A node with more children than this gets a Map from frame to child instead of a list scan. */
const WIDE = 24;

/**
 * Prefix tree of stacks, root first: one node per distinct path of frames. Node 0 is the
 * (virtual or synthetic) root. Children are a sibling list, or a Map once a node is wide.
 * Own Int32Array columns (not Growable) keep the hot child() loop monomorphic.
 */
export class StackTree {
  parent = new Int32Array(1024);
  frame = new Int32Array(1024);
  /** Child lists (read by writers to emit edges grouped by parent). */
  firstChild = new Int32Array(1024);
  nextSibling = new Int32Array(1024);
  private childCount = new Int32Array(1024);
  private wide = new Map<number, Map<number, number>>();
  size = 0;

  constructor() {
    this.add(-1, -1);
  }

  private grow(): void {
    const cap = this.parent.length * 2;
    const g = (a: Int32Array) => {
      const n = new Int32Array(cap);
      n.set(a);
      return n;
    };
    this.parent = g(this.parent);
    this.frame = g(this.frame);
    this.firstChild = g(this.firstChild);
    this.nextSibling = g(this.nextSibling);
    this.childCount = g(this.childCount);
  }

  private add(parent: number, frame: number): number {
    if (this.size === this.parent.length) this.grow();
    const n = this.size++;
    this.parent[n] = parent;
    this.frame[n] = frame;
    this.firstChild[n] = -1;
    this.nextSibling[n] = -1;
    this.childCount[n] = 0;
    return n;
  }

  /** The child of `node` for `frame`, created on first use. */
  child(node: number, frame: number): number {
    const wide = this.childCount[node] > WIDE ? this.wide.get(node)! : undefined;
    if (wide) {
      const c = wide.get(frame);
      if (c !== undefined) return c;
    } else {
      const fr = this.frame;
      const ns = this.nextSibling;
      for (let c = this.firstChild[node]; c >= 0; c = ns[c]) if (fr[c] === frame) return c;
    }
    const c = this.add(node, frame);
    this.nextSibling[c] = this.firstChild[node];
    this.firstChild[node] = c;
    const k = ++this.childCount[node];
    if (wide) wide.set(frame, c);
    else if (k > WIDE) {
      const m = new Map<number, number>();
      for (let x = c; x >= 0; x = this.nextSibling[x]) m.set(this.frame[x], x);
      this.wide.set(node, m);
    }
    return c;
  }
}

/**
 * Walks every sample's stack root first; returns the tree and each sample's deepest node.
 * Consecutive samples often share most of their stack (Go writes one sample per stack and object
 * size), so the walk restarts from the longest root-side prefix shared with the previous sample.
 */
export function buildStackTree(s: StackSamples): { tree: StackTree; sampleFrameNode: Uint32Array } {
  const tree = new StackTree();
  const out = new Uint32Array(s.sampleCount);
  const { locStart, locs, frameStart, frames } = s;
  const pos = s.locPosition;
  let prevLocs = new Uint32Array(256);
  let prevNodes = new Uint32Array(256);
  let prevLen = 0;
  for (let i = 0; i < s.sampleCount; i++) {
    const a0 = locStart[i];
    const a1 = locStart[i + 1];
    const len = a1 - a0;
    if (len > prevLocs.length) {
      const l = new Uint32Array(len * 2);
      l.set(prevLocs);
      prevLocs = l;
      const n = new Uint32Array(len * 2);
      n.set(prevNodes);
      prevNodes = n;
    }
    let node = 0;
    let d = 0;
    while (d < len && d < prevLen && locs[a1 - 1 - d] === prevLocs[d]) node = prevNodes[d++];
    for (; d < len; d++) {
      const id = locs[a1 - 1 - d];
      let loc = id;
      if (pos) {
        loc = id < pos.length ? pos[id] : -1;
        if (loc < 0) s.badLocation!(i, id);
      }
      for (let f = frameStart[loc + 1] - 1; f >= frameStart[loc]; f--) node = tree.child(node, frames[f]);
      prevLocs[d] = id;
      prevNodes[d] = node;
    }
    prevLen = len;
    out[i] = node;
  }
  return { tree, sampleFrameNode: out };
}

export interface CctOptions {
  file: string;
  /** Node language (Java for Java heapz text); default Go. */
  lang?: Lang;
  valueIndex: number;
  countIndex: number;
}

/**
 * Writes a pprof profile as a calling-context tree: a synthetic root (RootKind.Profile) → one
 * GoSite node per distinct stack prefix (type = function name, incoming edge labelled file:line)
 * → one leaf per sample (shallow = the chosen value, count = the matching object count).
 * Dominators over this tree equal pprof's cum; frame nodes stand for no objects (count 0).
 * Returns the ProfileTable to store in the input's meta.
 */
export function writeCallingContextTree(s: StackSamples, b: GraphBuilder, o: CctOptions): ProfileTable {
  const { tree, sampleFrameNode } = buildStackTree(s);
  const lang = o.lang ?? Lang.Go;
  const k = s.sampleTypes.length;
  const ft = s.frameTable;
  const first = b.nodeCount;
  const seen = new Uint8Array(tree.size);
  let distinct = 0;
  for (let i = 0; i < s.sampleCount; i++) {
    if (!seen[sampleFrameNode[i]]) {
      seen[sampleFrameNode[i]] = 1;
      distinct++;
    }
  }
  const nodes = tree.size + distinct;
  b.reserveNodes(nodes);
  b.reserveEdges(nodes - 1);

  const frameType = new Uint32Array(ft.size);
  for (let f = 0; f < ft.size; f++) frameType[f] = b.internType(ft.name[f], lang);
  const frameLabel = new Uint32Array(ft.size);
  for (let f = 0; f < ft.size; f++) frameLabel[f] = b.labels.intern(ft.where(f));

  const files = [""];
  const fileIndex = new Map<string, number>([["", 0]]);
  const frameFile = new Uint32Array(ft.size);
  for (let f = 0; f < ft.size; f++) {
    let i = fileIndex.get(ft.file[f]);
    if (i === undefined) {
      i = files.length;
      files.push(ft.file[f]);
      fileIndex.set(ft.file[f], i);
    }
    frameFile[f] = i;
  }
  const nodeFile = new Uint32Array(nodes);
  const nodeLine = new Int32Array(nodes);

  // One leaf per distinct stack: the samples of one stack (one per object size in Go's
  // profiles) are summed into it; the ProfileTable keeps them apart.
  const vi = o.valueIndex;
  const ci = o.countIndex;
  const values = s.values;
  const leafOf = new Int32Array(tree.size).fill(-1);
  const leafFrame = new Uint32Array(distinct);
  const leafValue = new Float64Array(distinct);
  const leafCount = new Float64Array(distinct);
  const leafBytes = new Float64Array(distinct);
  let leaves = 0;
  const sampleNode = new Uint32Array(s.sampleCount);
  for (let i = 0; i < s.sampleCount; i++) {
    const fnode = sampleFrameNode[i];
    let leaf = leafOf[fnode];
    if (leaf < 0) {
      leaf = leafOf[fnode] = leaves++;
      leafFrame[leaf] = fnode;
      leafBytes[leaf] = s.blockBytes[i];
    } else if (leafBytes[leaf] !== s.blockBytes[i]) leafBytes[leaf] = NaN;
    leafValue[leaf] += values[i * k + vi];
    leafCount[leaf] += ci >= 0 ? values[i * k + ci] : 0;
    sampleNode[i] = tree.size + leaf;
  }

  // Nodes: the root, the frames in tree order, then the leaves.
  const root = b.addNode(NodeKind.Synthetic, b.internType("<pprof profile>", lang), 0, 0, lang);
  b.setCount(root, 0);
  b.addRoot(root, RootKind.Profile, b.labels.intern(o.file.replace(/^.*[\\/]/, "")));
  const frame = tree.frame;
  for (let n = 1; n < tree.size; n++) {
    const f = frame[n];
    const id = b.addNode(NodeKind.GoSite, frameType[f], 0, n, lang);
    b.setCount(id, 0);
    nodeFile[n] = frameFile[f];
    nodeLine[n] = ft.line[f];
  }
  const noStack = b.internType("<no stack>", lang);
  const leafLabel = new Uint32Array(leaves);
  const sizeLabels = new Map<number, number>();
  for (let l = 0; l < leaves; l++) {
    const fnode = leafFrame[l];
    const local = tree.size + l;
    const id = b.addNode(NodeKind.GoSite, fnode === 0 ? noStack : frameType[frame[fnode]], leafValue[l], local, lang);
    b.setCount(id, leafCount[l]);
    const bytes = leafBytes[l];
    let label = sizeLabels.get(bytes);
    if (label === undefined) {
      label = b.labels.intern(Number.isNaN(bytes) ? "alloc" : `alloc ${bytes} B`);
      sizeLabels.set(bytes, label);
    }
    leafLabel[l] = label;
    nodeFile[local] = nodeFile[fnode];
    nodeLine[local] = nodeLine[fnode];
  }
  // Edges grouped by source in ordinal order, so freeze() needs no sort.
  const fc = tree.firstChild;
  const ns = tree.nextSibling;
  for (let p = 0; p < tree.size; p++) {
    for (let c = fc[p]; c >= 0; c = ns[c]) b.addEdge(first + p, first + c, EdgeKind.Internal, frameLabel[frame[c]]);
    const l = leafOf[p];
    if (l >= 0) b.addEdge(first + p, first + tree.size + l, EdgeKind.Internal, leafLabel[l]);
  }
  return new ProfileTable({
    kind: "pprof",
    sampleTypes: s.sampleTypes,
    valueIndex: vi,
    countIndex: ci,
    sampleCount: s.sampleCount,
    sampleNode,
    values: s.values,
    blockBytes: s.blockBytes,
    nodeFile,
    nodeLine,
    files,
  });
}
