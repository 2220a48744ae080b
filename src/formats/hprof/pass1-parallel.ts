import { FileSource } from "../../io/source.ts";
import { ClassIdHash, type ClassIdHashParts } from "./classes.ts";
import { CHECKPOINT_SHIFT, ObjectWalk, WalkStop, type ClassSizes } from "./pass1-walk.ts";
import type { SizeModel } from "./shallow-size.ts";
import { Window } from "./window.ts";

/** Below this many bytes of object ranges left after the leading classes, one thread does all of pass 1. */
export const PARALLEL_MIN_BYTES = 64 * 1024 * 1024;

/**
 * The ranges pass 1 has not handed out yet, [lo, hi), as one 64-bit word both threads update with
 * compare-and-swap: the main thread takes ranges from the front, the second thread from the back,
 * so neither waits for the other however late the second thread starts.
 */
export class RangeClaims {
  constructor(readonly word: BigInt64Array = new BigInt64Array(new SharedArrayBuffer(8))) {}

  static open(lo: number, hi: number): RangeClaims {
    const c = new RangeClaims();
    Atomics.store(c.word, 0, pack(lo, hi));
    return c;
  }

  /** The next range from the front, or -1 when none is left. */
  front(): number {
    for (;;) {
      const v = Atomics.load(this.word, 0);
      const lo = Number(v & 0xffffffffn);
      const hi = Number(v >> 32n);
      if (lo >= hi) return -1;
      if (Atomics.compareExchange(this.word, 0, v, pack(lo + 1, hi)) === v) return lo;
    }
  }

  /**
   * Ranges from the back: the last ones left, as many as make up about `bytes` (at least one),
   * returned as their first index (walked forward from there), or -1 when none is left. Taking one
   * range at a time backwards would make every window read (16 MB) cover ranges already walked.
   */
  back(starts: number[], ends: number[], bytes: number): number {
    for (;;) {
      const v = Atomics.load(this.word, 0);
      const lo = Number(v & 0xffffffffn);
      const hi = Number(v >> 32n);
      if (lo >= hi) return -1;
      let first = hi - 1;
      while (first > lo && ends[hi - 1] - starts[first - 1] <= bytes) first--;
      if (Atomics.compareExchange(this.word, 0, v, pack(lo, first)) === v) return first;
    }
  }

  /** The first range the back has taken (the end of the ranges when it took none). */
  backStart(): number {
    return Number(Atomics.load(this.word, 0) >> 32n);
  }

  /** Hands out nothing more (the main thread failed). */
  close(): void {
    Atomics.store(this.word, 0, 0n);
  }
}

function pack(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** The second thread's share of pass 1: plain data, the class tables and the shared claim word. */
export interface Pass1Job {
  file: string;
  idSize: number;
  model: SizeModel;
  starts: number[];
  ends: number[];
  typeBase: number;
  classHash: ClassIdHashParts;
  sizes: ClassSizes;
  frozen: number;
  claims: BigInt64Array;
  /** Room for the nodes of every range it could take (its columns are allocated lazily by the OS). */
  capacity: number;
}

/** One range the second thread walked: where its nodes, roots and checkpoints are in the part's arrays. */
export interface Pass1Block {
  range: number;
  node0: number;
  nodes: number;
  edges: number;
  objArraySlots: number;
  root0: number;
  roots: number;
  ck0: number;
  firstId: number;
  lastId: number;
  ascending: boolean;
}

/** What the second thread sends back: its blocks (in the order it walked them, last range first) and their arrays. */
export interface Pass1Part {
  /** The range it stopped at without finishing (a record only the main thread handles); -1 when it finished every range it took. */
  bailedAt: number;
  blocks: Pass1Block[];
  kind: Uint8Array;
  type: Uint32Array;
  shallow: Uint32Array;
  externalId: Float64Array;
  ckPos: Float64Array;
  ckRange: Uint32Array;
  rTag: Uint8Array;
  rId: Float64Array;
  rThread: Uint32Array;
  rFrame: Int32Array;
  counts: Float64Array;
}

const STRIDE = 1 << CHECKPOINT_SHIFT;
/** What the second thread takes at a time: the read window's size (ChunkReader's chunk). */
const CLAIM_BYTES = 16 * 1024 * 1024;

/**
 * Worker side: takes ranges from the back until none is left, each walked strictly (anything the
 * main thread must decide, from a CLASS_DUMP to a truncated record, stops it; the main thread then
 * walks the ranges this thread took itself). Each block starts on a checkpoint boundary.
 */
export function runPass1Job(job: Pass1Job): Pass1Part {
  const claims = new RangeClaims(job.claims);
  const cap = job.capacity;
  // Plain buffers, moved to the main thread with the reply: only it holds them, so its collection
  // returns them (shared ones would wait for this thread's collector too).
  const cols = { kind: new Uint8Array(cap), type: new Uint32Array(cap), shallow: new Uint32Array(cap), externalId: new Float64Array(cap) };
  const walk = new ObjectWalk(job.file, job.idSize, job.model, cols, 0, cap, job.typeBase, ClassIdHash.fromParts(job.classHash), true);
  walk.setSizes(job.sizes, job.frozen);
  const blocks: Pass1Block[] = [];
  let bailedAt = -1;
  const source = new FileSource(job.file);
  const w = new Window(source);
  /** One range as a block, or undefined when it holds a record this walk leaves to the main thread. */
  const walkBlock = (r: number): Pass1Block | undefined => {
    // Each block starts on a checkpoint: its checkpoints are then every 32nd of its own nodes.
    const node0 = (walk.k = Math.ceil(walk.k / STRIDE) * STRIDE);
    if (node0 > cap) return undefined;
    const edges0 = walk.edgeBound;
    const slots0 = walk.objArraySlots;
    const root0 = walk.rTag.length;
    const ck0 = walk.ckPos.length;
    walk.lastId = -1;
    walk.ascending = true;
    try {
      if (walk.walk(w, r, job.starts[r], job.ends[r]) < job.ends[r] || walk.stop !== WalkStop.RangeEnd) return undefined;
    } catch {
      // (a cut or corrupt record: the main thread walks this range again and reports it)
      return undefined;
    }
    const nodes = walk.k - node0;
    const firstId = nodes > 0 ? cols.externalId[node0] : -1;
    return { range: r, node0, nodes, edges: walk.edgeBound - edges0, objArraySlots: walk.objArraySlots - slots0, root0, roots: walk.rTag.length - root0, ck0, firstId, lastId: walk.lastId, ascending: walk.ascending };
  };
  try {
    let end = job.starts.length;
    claiming: for (let first = claims.back(job.starts, job.ends, CLAIM_BYTES); first >= 0; first = claims.back(job.starts, job.ends, CLAIM_BYTES)) {
      for (let r = first; r < end; r++) {
        const b = walkBlock(r);
        if (!b) {
          bailedAt = r;
          break claiming;
        }
        blocks.push(b);
      }
      end = first;
    }
  } finally {
    source.close();
  }
  return {
    bailedAt,
    blocks,
    ...cols,
    ckPos: walk.ckPos.view(),
    ckRange: walk.ckRange.view(),
    rTag: walk.rTag.view(),
    rId: walk.rId.view(),
    rThread: walk.rThread.view(),
    rFrame: walk.rFrame.view(),
    counts: walk.counts,
  };
}

/** The buffers runPass1Job's result can move instead of copying. */
export function pass1PartBuffers(p: Pass1Part): ArrayBuffer[] {
  const all = [p.kind, p.type, p.shallow, p.externalId, p.ckPos, p.ckRange, p.rTag, p.rId, p.rThread, p.rFrame, p.counts].map((a) => a.buffer);
  return [...new Set(all)].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

/**
 * Main side: appends the second thread's blocks, in file order, after the main thread's own nodes
 * (`walk` has walked every range before them): columns, roots, checkpoints, counts, the per-range
 * starts pass 2 splits at. Checkpoint slot j of a block's nodes points at the block's checkpoint
 * at or before node 32·j; returns the node of every slot (the main thread's are at 32·j exactly).
 */
export function appendPart(walk: ObjectWalk, part: Pass1Part, rangeStarts: { node: number[]; edges: number[]; classes: number[] }, classCount: number): Uint32Array {
  const blocks = [...part.blocks].sort((a, b) => a.range - b.range);
  let slots = walk.ckPos.length;
  for (const b of blocks) slots += Math.ceil(b.nodes / STRIDE) + 1;
  const ckNode = new Uint32Array(slots);
  for (let j = 0; j < walk.ckPos.length; j++) ckNode[j] = j * STRIDE;
  const base = walk.base;
  const cols = walk.cols;
  for (const b of blocks) {
    const g0 = walk.k;
    rangeStarts.node[b.range] = g0;
    rangeStarts.classes[b.range] = classCount;
    rangeStarts.edges[b.range] = walk.edgeBound;
    if (b.nodes > 0) {
      const end = b.node0 + b.nodes;
      cols.kind.set(part.kind.subarray(b.node0, end), base + g0);
      cols.type.set(part.type.subarray(b.node0, end), base + g0);
      cols.shallow.set(part.shallow.subarray(b.node0, end), base + g0);
      cols.externalId.set(part.externalId.subarray(b.node0, end), base + g0);
      if (b.firstId <= walk.lastId || !b.ascending) walk.ascending = false;
      walk.lastId = b.lastId;
      for (let slot = Math.ceil(g0 / STRIDE); slot * STRIDE < g0 + b.nodes; slot++) {
        const local = slot * STRIDE - g0;
        const ck = b.ck0 + Math.floor(local / STRIDE);
        walk.ckPos.push(part.ckPos[ck]);
        walk.ckRange.push(part.ckRange[ck]);
        ckNode[slot] = g0 + (local - (local % STRIDE));
      }
    }
    for (let i = b.root0; i < b.root0 + b.roots; i++) {
      walk.rTag.push(part.rTag[i]);
      walk.rId.push(part.rId[i]);
      walk.rThread.push(part.rThread[i]);
      walk.rFrame.push(part.rFrame[i]);
    }
    walk.k += b.nodes;
    walk.edgeBound += b.edges;
    walk.objArraySlots += b.objArraySlots;
  }
  for (let t = 0; t < 256; t++) walk.counts[t] += part.counts[t];
  return ckNode.subarray(0, walk.ckPos.length);
}
