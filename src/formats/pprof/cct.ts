import type { GraphBuilder } from "../../graph/builder.ts";
import { Growable } from "../../graph/growable.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../graph/kinds.ts";
import { ProfileTable } from "../../graph/profile-table.ts";
import type { StackSamples } from "./stacks.ts";

/** A node with more children than this gets a Map from frame to child instead of a list scan. */
const WIDE = 24;

/**
 * Prefix tree of stacks, root first: one node per distinct path of frames. Node 0 is the
 * (virtual or synthetic) root. Children are a sibling list, or a Map once a node is wide.
 */
export class StackTree {
  readonly parent = new Growable(Int32Array);
  readonly frame = new Growable(Int32Array);
  private firstChild = new Growable(Int32Array);
  private nextSibling = new Growable(Int32Array);
  private childCount = new Growable(Int32Array);
  private wide = new Map<number, Map<number, number>>();

  constructor() {
    this.add(-1, -1);
  }

  get size(): number {
    return this.parent.length;
  }

  private add(parent: number, frame: number): number {
    const n = this.parent.length;
    this.parent.push(parent);
    this.frame.push(frame);
    this.firstChild.push(-1);
    this.nextSibling.push(-1);
    this.childCount.push(0);
    return n;
  }

  /** The child of `node` for `frame`, created on first use. */
  child(node: number, frame: number): number {
    const w = this.wide.get(node);
    if (w) {
      const c = w.get(frame);
      if (c !== undefined) return c;
    } else {
      const fr = this.frame.data;
      const ns = this.nextSibling.data;
      for (let c = this.firstChild.data[node]; c >= 0; c = ns[c]) if (fr[c] === frame) return c;
    }
    const c = this.add(node, frame);
    this.nextSibling.data[c] = this.firstChild.data[node];
    this.firstChild.data[node] = c;
    const k = ++this.childCount.data[node];
    if (w) w.set(frame, c);
    else if (k > WIDE) {
      const m = new Map<number, number>();
      for (let x = c; x >= 0; x = this.nextSibling.data[x]) m.set(this.frame.data[x], x);
      this.wide.set(node, m);
    }
    return c;
  }
}

/** Walks every sample's stack root first; returns the tree and each sample's deepest node. */
export function buildStackTree(s: StackSamples): { tree: StackTree; sampleFrameNode: Uint32Array } {
  const tree = new StackTree();
  const out = new Uint32Array(s.sampleCount);
  const { locStart, locs, frameStart, frames } = s;
  for (let i = 0; i < s.sampleCount; i++) {
    let node = 0;
    for (let a = locStart[i + 1] - 1; a >= locStart[i]; a--) {
      const loc = locs[a];
      for (let f = frameStart[loc + 1] - 1; f >= frameStart[loc]; f--) node = tree.child(node, frames[f]);
    }
    out[i] = node;
  }
  return { tree, sampleFrameNode: out };
}

export interface CctOptions {
  file: string;
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
  const k = s.sampleTypes.length;
  const ft = s.frameTable;
  const first = b.nodeCount;
  const nodes = tree.size + s.sampleCount;
  b.reserveNodes(nodes);
  b.reserveEdges(nodes - 1);

  const frameType = new Uint32Array(ft.size);
  for (let f = 0; f < ft.size; f++) frameType[f] = b.internType(ft.name[f], Lang.Go);
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

  const root = b.addNode(NodeKind.Synthetic, b.internType("<pprof profile>", Lang.Go), 0, 0, Lang.Go);
  b.setCount(root, 0);
  b.addRoot(root, RootKind.Profile, b.labels.intern(o.file.replace(/^.*[\\/]/, "")));
  const parent = tree.parent.data;
  const frame = tree.frame.data;
  for (let n = 1; n < tree.size; n++) {
    const f = frame[n];
    const id = b.addNode(NodeKind.GoSite, frameType[f], 0, n, Lang.Go);
    b.setCount(id, 0);
    b.addEdge(first + parent[n], id, EdgeKind.Internal, frameLabel[f]);
    nodeFile[n] = frameFile[f];
    nodeLine[n] = ft.line[f];
  }
  const noStack = b.internType("<no stack>", Lang.Go);
  const sampleNode = new Uint32Array(s.sampleCount);
  const vi = o.valueIndex;
  const ci = o.countIndex;
  const values = s.values;
  const sizeLabels = new Map<number, number>();
  for (let i = 0; i < s.sampleCount; i++) {
    const fnode = sampleFrameNode[i];
    const type = fnode === 0 ? noStack : frameType[frame[fnode]];
    const local = tree.size + i;
    const id = b.addNode(NodeKind.GoSite, type, values[i * k + vi], local, Lang.Go);
    b.setCount(id, ci >= 0 ? values[i * k + ci] : 0);
    const bytes = s.blockBytes[i];
    let label = sizeLabels.get(bytes);
    if (label === undefined) {
      label = b.labels.intern(Number.isNaN(bytes) ? "alloc" : `alloc ${bytes} B`);
      sizeLabels.set(bytes, label);
    }
    b.addEdge(first + fnode, id, EdgeKind.Internal, label);
    nodeFile[local] = nodeFile[fnode];
    nodeLine[local] = nodeLine[fnode];
    sampleNode[i] = local;
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
