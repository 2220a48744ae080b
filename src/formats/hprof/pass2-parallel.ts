import type { GraphBuilder } from "../../graph/builder.ts";
import { isShared } from "../../graph/growable.ts";
import { FileSource, type ByteSource } from "../../io/source.ts";
import type { ParallelHelper } from "../format.ts";
import { pass2Span, type Pass1Result, type Pass2Counts, type Pass2Out, type Pass2Span, type Pass2Tables } from "./heap.ts";
import { indexFromParts, type IdIndex, type IdIndexParts } from "./id-index.ts";
import { Window } from "./window.ts";

/** Below this many pass-2 edge slots in each half, one thread does all of pass 2. */
export const PARALLEL_MIN_EDGES_EACH = 1_000_000;

/** The second thread's half of pass 2: plain data and shared arrays (the edge and type columns). */
export interface Pass2Job {
  file: string;
  idSize: number;
  starts: number[];
  ends: number[];
  typeCol: Uint32Array;
  typeBase: number;
  tables: Pass2Tables;
  index: IdIndexParts;
  firstNode: number;
  span: Pass2Span;
  out: Pass2Out;
}

/** Worker side: reads its ranges through its own file handle and fills its edge slots. */
export function runPass2Job(job: Pass2Job): Pass2Counts {
  const source = new FileSource(job.file);
  try {
    const w = new Window(source);
    return pass2Span(job.idSize, w, job.starts, job.ends, job.typeCol, job.typeBase, job.tables, indexFromParts(job.index), job.firstNode, job.span, job.out, () => {});
  } finally {
    source.close();
  }
}

export interface Pass2Setup {
  source: ByteSource;
  /** Pass 1's read window, reused (its buffer is the chunk size). */
  window: Window;
  builder: GraphBuilder;
  idSize: number;
  firstNode: number;
  typeBase: number;
  p1: Pass1Result;
  tables: Pass2Tables;
  index: IdIndex;
  edgeBound: number;
  tick: (pos: number) => void;
  parallel?: ParallelHelper;
}

/**
 * All of pass 2, into the builder's edge columns. HotSpot writes the heap as ~1 MB segments whose
 * sub-records never cross a segment's end, so with a second thread the segments are split where
 * half the pass-1 edge bound is reached: this thread walks the first part, the helper the second
 * (into the slots after the first part's bound), and the gap the first part left unused (null
 * fields, dangling ids) is closed by one move. Sequential when there is no helper, the input is not
 * a plain file (gzip), the edge columns are not shared, or pass 1 had to fix types up.
 */
export function runPass2(s: Pass2Setup): Pass2Counts | Promise<Pass2Counts> {
  const { builder, p1, edgeBound } = s;
  const byCount = builder.edgeCount === 0;
  builder.useLabelCodes();
  const eb = byCount ? builder.bulkEdgesBySource(edgeBound) : builder.bulkEdges(edgeBound);
  const out: Pass2Out = byCount
    ? { to: eb.to, kind: eb.kind, codes: eb.codes, counts: (eb as { counts: Uint32Array }).counts }
    : { to: eb.to, kind: eb.kind, codes: eb.codes, from: (eb as { from: Uint32Array }).from };
  const typeCol = builder.nodeColumns().type;
  const R = p1.starts.length;
  const span = (r0: number, r1: number): Pass2Span => ({
    r0,
    r1,
    ord0: s.firstNode + (r0 < R ? p1.rangeNode[r0] : p1.nodeCount),
    class0: r0 < R ? p1.rangeClass[r0] : p1.classes.length,
    m0: eb.start + (r0 < R ? p1.rangeEdges[r0] : edgeBound),
    mEnd: eb.start + (r1 < R ? p1.rangeEdges[r1] : edgeBound),
  });
  const run = (sp: Pass2Span, w: Window, tick: (pos: number) => void) =>
    pass2Span(s.idSize, w, p1.starts, p1.ends, typeCol, s.typeBase, s.tables, s.index, s.firstNode, sp, out, tick);
  const split = s.parallel && byCount && !p1.needFixup && s.source instanceof FileSource && [out.to, out.kind, out.codes, out.counts, typeCol].every(isShared) ? splitPoint(p1, edgeBound, s.parallel!.minShare ?? PARALLEL_MIN_EDGES_EACH) : -1;
  if (split < 0) {
    const all = run(span(0, R), s.window, s.tick);
    eb.commit(all.edges, all);
    return all;
  }
  const first = span(0, split);
  const second = span(split, R);
  const job: Pass2Job = { file: (s.source as FileSource).path, idSize: s.idSize, starts: p1.starts, ends: p1.ends, typeCol, typeBase: s.typeBase, tables: s.tables, index: s.index.parts(), firstNode: s.firstNode, span: second, out };
  const other = s.parallel!.run<Pass2Counts>("hprof-pass2", job);
  const w = s.window;
  const mine = run(first, w, s.tick);
  // If the helper fails, this thread fills the second part's slots itself.
  return other.catch(() => run(second, w, s.tick)).then((theirs) => {
    const gap = first.m0 + mine.edges;
    const shift = second.m0 - gap;
    if (shift > 0 && theirs.edges > 0) {
      out.to.copyWithin(gap, second.m0, second.m0 + theirs.edges);
      out.kind.copyWithin(gap, second.m0, second.m0 + theirs.edges);
      out.codes.copyWithin(gap, second.m0, second.m0 + theirs.edges);
    }
    // Their escapes and steps move with their edges.
    const { escapes, steps } = mine;
    for (let k = 0; k < theirs.escapes.length; k += 2) escapes.push(theirs.escapes[k] - shift, theirs.escapes[k + 1]);
    for (let k = 0; k < theirs.steps.length; k += 2) steps.push(theirs.steps[k] - shift, theirs.steps[k + 1]);
    const edges = mine.edges + theirs.edges;
    eb.commit(edges, { escapes, steps });
    return { dangling: mine.dangling + theirs.dangling, sizeMismatch: mine.sizeMismatch + theirs.sizeMismatch, edges, escapes, steps };
  });
}

/** The range boundary closest to half of the pass-1 edge bound, or -1 when a side would get less than minEach. */
function splitPoint(p1: Pass1Result, edgeBound: number, minEach: number): number {
  const e = p1.rangeEdges;
  let best = -1;
  for (let r = 1; r < e.length; r++) if (best < 0 || Math.abs(e[r] - edgeBound / 2) < Math.abs(e[best] - edgeBound / 2)) best = r;
  return best > 0 && e[best] >= minEach && edgeBound - e[best] >= minEach ? best : -1;
}
