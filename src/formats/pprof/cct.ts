import type { GraphBuilder } from "../../graph/builder.ts";
import { grown } from "../../graph/growable.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../graph/kinds.ts";
import { ProfileTable } from "../../graph/profile-table.ts";
import type { StackSamples } from "./stacks.ts";

/** A node with more children than this gets a Map from frame to child instead of a list scan. */
const WIDE = 24;

/**
 * Prefix tree of stacks, root first: one node per distinct path of frames. Node 0 is the
 * (virtual or synthetic) root. Children are a sibling list (newest first), plus a Map from frame
 * to child once a node is wide. Built by buildStackTree, which keeps the columns in locals.
 */
export class StackTree {
  parent: Int32Array;
  frame: Int32Array;
  /** Child lists (read by writers to emit edges grouped by parent). */
  firstChild: Int32Array;
  nextSibling: Int32Array;
  size: number;

  constructor(parent: Int32Array, frame: Int32Array, firstChild: Int32Array, nextSibling: Int32Array, size: number) {
    this.parent = parent;
    this.frame = frame;
    this.firstChild = firstChild;
    this.nextSibling = nextSibling;
    this.size = size;
  }
}

/**
 * Walks every sample's stack root first; returns the tree and each sample's deepest node.
 * Consecutive samples often share most of their stack (Go writes one sample per stack and object
 * size), so the walk restarts from the longest root-side prefix shared with the previous sample.
 * Hot (one step per frame not shared with the previous sample): the child lookup and node
 * creation are inline, on local columns.
 */
export function buildStackTree(s: StackSamples): { tree: StackTree; sampleFrameNode: Uint32Array } {
  let cap = 1024;
  let parent: Int32Array = new Int32Array(cap);
  let frame: Int32Array = new Int32Array(cap);
  let firstChild: Int32Array = new Int32Array(cap);
  let nextSibling: Int32Array = new Int32Array(cap);
  let childCount: Int32Array = new Int32Array(cap);
  const wide = new Map<number, Map<number, number>>();
  parent[0] = -1;
  frame[0] = -1;
  firstChild[0] = -1;
  nextSibling[0] = -1;
  let size = 1;
  const out = new Uint32Array(s.sampleCount);
  const { locStart, locs, frameStart, frames } = s;
  const pos = s.locPosition;
  let prevNodes = new Uint32Array(256);
  let prevLen = 0;
  for (let i = 0; i < s.sampleCount; i++) {
    const a0 = locStart[i];
    const a1 = locStart[i + 1];
    const len = a1 - a0;
    if (len > prevNodes.length) {
      const n = new Uint32Array(len * 2);
      n.set(prevNodes);
      prevNodes = n;
    }
    // The previous sample's locations end at a0 (its root is locs[a0 - 1]).
    const lim = len < prevLen ? len : prevLen;
    let d = 0;
    while (d < lim && locs[a1 - 1 - d] === locs[a0 - 1 - d]) d++;
    let node = d > 0 ? prevNodes[d - 1] : 0;
    for (; d < len; d++) {
      const id = locs[a1 - 1 - d];
      let loc = id;
      if (pos) {
        loc = id < pos.length ? pos[id] : -1;
        if (loc < 0) s.badLocation!(i, id);
      }
      const fa = frameStart[loc];
      for (let f = frameStart[loc + 1] - 1; f >= fa; f--) {
        const fr = frames[f];
        const k = childCount[node];
        let c: number;
        if (k > WIDE) {
          c = wide.get(node)!.get(fr) ?? -1;
        } else {
          c = firstChild[node];
          while (c >= 0 && frame[c] !== fr) c = nextSibling[c];
        }
        if (c < 0) {
          if (size === cap) {
            cap *= 2;
            parent = grown(parent, cap);
            frame = grown(frame, cap);
            firstChild = grown(firstChild, cap);
            nextSibling = grown(nextSibling, cap);
            childCount = grown(childCount, cap);
          }
          c = size++;
          parent[c] = node;
          frame[c] = fr;
          firstChild[c] = -1;
          childCount[c] = 0;
          nextSibling[c] = firstChild[node];
          firstChild[node] = c;
          childCount[node] = k + 1;
          if (k === WIDE) {
            const m = new Map<number, number>();
            for (let x = c; x >= 0; x = nextSibling[x]) m.set(frame[x], x);
            wide.set(node, m);
          } else if (k > WIDE) wide.get(node)!.set(fr, c);
        }
        node = c;
      }
      prevNodes[d] = node;
    }
    prevLen = len;
    out[i] = node;
  }
  return { tree: new StackTree(parent, frame, firstChild, nextSibling, size), sampleFrameNode: out };
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
  const tsize = tree.size;

  // One leaf per distinct stack: the samples of one stack (one per object size in Go's
  // profiles) are summed into it; the ProfileTable keeps them apart. Leaves are numbered in
  // order of first use.
  const leafOf = new Int32Array(tsize).fill(-1);
  let leaves = 0;
  for (let i = 0; i < s.sampleCount; i++) {
    const fnode = sampleFrameNode[i];
    if (leafOf[fnode] < 0) leafOf[fnode] = leaves++;
  }
  const nodes = tsize + leaves;

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

  const vi = o.valueIndex;
  const ci = o.countIndex;
  const values = s.values;
  const blockBytes = s.blockBytes;
  const leafFrame = new Uint32Array(leaves);
  const leafValue = new Float64Array(leaves);
  const leafCount = new Float64Array(leaves);
  const leafBytes = new Float64Array(leaves);
  const leafSeen = new Uint8Array(leaves);
  const sampleNode = new Uint32Array(s.sampleCount);
  for (let i = 0; i < s.sampleCount; i++) {
    const fnode = sampleFrameNode[i];
    const leaf = leafOf[fnode];
    if (!leafSeen[leaf]) {
      leafSeen[leaf] = 1;
      leafFrame[leaf] = fnode;
      leafBytes[leaf] = blockBytes[i];
    } else if (leafBytes[leaf] !== blockBytes[i]) leafBytes[leaf] = NaN;
    leafValue[leaf] += values[i * k + vi];
    leafCount[leaf] += ci >= 0 ? values[i * k + ci] : 0;
    sampleNode[i] = tsize + leaf;
  }

  // Nodes: the root, the frames in tree order, then the leaves (written into the bulk columns).
  const rootType = b.internType("<pprof profile>", lang);
  const noStack = b.internType("<no stack>", lang);
  const nb = b.bulkNodes(nodes, lang);
  const kind = nb.kind, type = nb.type, shallow = nb.shallow, ext = nb.externalId;
  const at = nb.start;
  kind[at] = NodeKind.Synthetic;
  type[at] = rootType;
  shallow[at] = 0;
  ext[at] = 0;
  const frame = tree.frame;
  for (let n = 1; n < tsize; n++) {
    const f = frame[n];
    kind[at + n] = NodeKind.GoSite;
    type[at + n] = frameType[f];
    shallow[at + n] = 0;
    ext[at + n] = n;
    nodeFile[n] = frameFile[f];
    nodeLine[n] = ft.line[f];
  }
  for (let l = 0; l < leaves; l++) {
    const fnode = leafFrame[l];
    const local = tsize + l;
    kind[at + local] = NodeKind.GoSite;
    type[at + local] = fnode === 0 ? noStack : frameType[frame[fnode]];
    shallow[at + local] = leafValue[l];
    ext[at + local] = local;
    nodeFile[local] = nodeFile[fnode];
    nodeLine[local] = nodeLine[fnode];
  }
  nb.commit(nodes);
  const count = b.countColumn();
  count.fill(0, at, at + tsize);
  count.set(leafCount, at + tsize);
  b.addRoot(first, RootKind.Profile, b.labels.intern(o.file.replace(/^.*[\\/]/, "")));

  const leafLabel = new Uint32Array(leaves);
  const sizeLabels = new Map<number, number>();
  let lastBytes = NaN;
  let lastLabel = -1;
  for (let l = 0; l < leaves; l++) {
    const bytes = leafBytes[l];
    let label = lastLabel;
    if (!Object.is(bytes, lastBytes) || lastLabel < 0) {
      label = sizeLabels.get(bytes) ?? -1;
      if (label < 0) {
        label = b.labels.intern(Number.isNaN(bytes) ? "alloc" : `alloc ${bytes} B`);
        sizeLabels.set(bytes, label);
      }
      lastBytes = bytes;
      lastLabel = label;
    }
    leafLabel[l] = label;
  }

  // Edges grouped by source in ordinal order (child lists, then the leaf), so freeze() needs no
  // sort; a fresh builder takes per-source counts instead of a source column.
  const fc = tree.firstChild;
  const ns = tree.nextSibling;
  const m = nodes - 1;
  const bySource = b.edgeCount === 0 && first === 0;
  const eb = bySource ? b.bulkEdgesBySource(m) : undefined;
  const ef = bySource ? undefined : b.bulkEdges(m);
  const eTo = eb ? eb.to : ef!.to, eKind = eb ? eb.kind : ef!.kind, eLabel = eb ? eb.label : ef!.label;
  const counts = eb?.counts, eFrom = ef?.from;
  let e = eb ? eb.start : ef!.start;
  const e0 = e;
  for (let p = 0; p < tsize; p++) {
    const from = first + p;
    const e1 = e;
    for (let c = fc[p]; c >= 0; c = ns[c]) {
      eTo[e] = first + c;
      eKind[e] = EdgeKind.Internal;
      eLabel[e] = frameLabel[frame[c]];
      if (eFrom) eFrom[e] = from;
      e++;
    }
    const l = leafOf[p];
    if (l >= 0) {
      eTo[e] = first + tsize + l;
      eKind[e] = EdgeKind.Internal;
      eLabel[e] = leafLabel[l];
      if (eFrom) eFrom[e] = from;
      e++;
    }
    if (counts) counts[p + 1] = e - e1;
  }
  if (eb) eb.commit(e - e0);
  else ef!.commit(e - e0);
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
