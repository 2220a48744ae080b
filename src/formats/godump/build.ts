import { GraphBuilder } from "../../graph/builder.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../graph/kinds.ts";
import type { ElfSymbols } from "../elf/index.ts";
import { MISS, OUTSIDE, SELF, type AddressIndex } from "./address-index.ts";
import { allocationSiteName } from "./names.ts";
import { PendingKind, type DumpParams, type DumpTables } from "./parse.ts";

export interface BuildStats {
  pointers: Record<string, number>;
  roots: Record<string, number>;
  sampledObjects: number;
  unmatchedSamples: number;
}

/** Objects' pointer fields below this offset get "+0x…" labels; further ones word-index labels. */
export const LABELLED_BYTES = 65536;

const ROOT_KIND_OF = [RootKind.GoData, RootKind.GoBss, RootKind.GoFrame, RootKind.GoOther, RootKind.GoFinalizer];

/**
 * Writes the dump's objects (ordinal = dump order), pointer edges and roots into the builder.
 * Every pointer resolves to the object containing its target; pointers to non-objects (stacks,
 * rodata, text, outside the arena) are counted, not kept.
 */
export function buildGraph(
  t: DumpTables, params: DumpParams, builder: GraphBuilder, index: AddressIndex, roles: Map<number, string>,
  stackRoots: { node: number; root: string }[], symbols?: ElfSymbols,
): BuildStats {
  const n = t.objAddr.length;
  const addr = t.objAddr.view();
  const size = t.objSize.view();
  const P = params.ptrSize;

  // Nodes in dump order (ordinal = base + dump index): written by the parser when it had the
  // builder (addresses and sizes), else through the builder's bulk columns here. Types are
  // computed straight into the builder's type column.
  let base: number, type: Uint32Array;
  let nb: ReturnType<GraphBuilder["bulkNodes"]> | undefined;
  if (t.nodeBase !== undefined) {
    base = t.nodeBase;
    if (builder.nodeCount !== base + n) throw new Error("godump: nodes added to the builder during the load");
    const cols = builder.nodeColumns();
    cols.kind.fill(NodeKind.GoObject, base, base + n);
    type = cols.type.subarray(base, base + n);
  } else {
    base = builder.nodeCount;
    nb = builder.bulkNodes(n, Lang.Go);
    nb.kind.fill(NodeKind.GoObject, nb.start, nb.start + n);
    type = nb.type.subarray(nb.start, nb.start + n);
  }

  // Types: allocation-site names where a sample exists, else unk<size> (viewcore's convention).
  const small = new Int32Array(4097).fill(-1); // size/8 → type, for sizes up to 32 KiB
  const bySize = new Map<number, number>();
  let lastSize = -1, lastType = 0;
  for (let i = 0; i < n; i++) {
    const s = size[i];
    if (s === lastSize) {
      type[i] = lastType;
      continue;
    }
    const isSmall = s <= 32768 && (s & 7) === 0;
    let ty = isSmall ? small[s >>> 3] : bySize.get(s) ?? -1;
    if (ty < 0) {
      ty = builder.internType(`unk${s}`, Lang.Go);
      if (isSmall) small[s >>> 3] = ty;
      else bySize.set(s, ty);
    }
    type[i] = lastType = ty;
    lastSize = s;
  }
  // Map parts recognised by layout, unless an allocation sample names them below.
  for (const [o, role] of roles) type[o] = builder.internType(role, Lang.Go);
  const byBucket = new Map<number, { name: string; type: number }>();
  const sObj = t.sampleObj.view(), sBucket = t.sampleBucket.view();
  let sampled = 0, unmatched = 0;
  for (let k = 0; k < sObj.length; k++) {
    const o = index.startingAt(sObj[k]);
    const b = t.memprof.get(sBucket[k]);
    if (o < 0 || !b) {
      unmatched++;
      continue;
    }
    let site = byBucket.get(sBucket[k]);
    if (site === undefined) {
      const name = allocationSiteName(b, b.size || size[o], P);
      site = { name, type: builder.internType(name, Lang.Go) };
      byBucket.set(sBucket[k], site);
    }
    const role = roles.get(o);
    // A map part whose stack does not show it (makemap_small inlined into the caller) gets both names.
    type[o] = role !== undefined && !site.name.startsWith("map.") ? builder.internType(`${role} @ ${site.name}`, Lang.Go) : site.type;
    sampled++;
  }

  if (nb) {
    nb.shallow.set(size, nb.start);
    nb.externalId.set(addr, nb.start);
    nb.commit(n);
  }

  // Edges, in source order so the builder needs no sort. Pointers are resolved first, straight
  // into the builder's edge-target column (pointer e at eStart + e: an ordinal or a marker), then
  // compacted in place with their labels in one sequential pass.
  const es = t.objEdgeStart.data, tgt = t.ptrTarget.data, offs = t.ptrOffset.data;
  const maxEdges = t.ptrTarget.length;
  const hmapLabels = new Map<number, number>([
    [P + 8, builder.labels.intern("buckets")],
    [2 * P + 8, builder.labels.intern("oldbuckets")],
    [4 * P + 8, builder.labels.intern("extra")],
  ]);
  // "+0x18" labels for the first 64 KiB of an object (struct fields; a bounded string table);
  // beyond that (large arrays) the pointer's word index as an index label, "[8191]".
  const labelCache = new Uint32Array(LABELLED_BYTES / P);
  const offsetLabel = (off: number): number => {
    const k = Math.floor(off / P);
    if (off >= LABELLED_BYTES || off % P !== 0) return GraphBuilder.indexLabel(k);
    let l = labelCache[k];
    if (l === 0) l = labelCache[k] = builder.labels.intern(`+0x${off.toString(16)}`);
    return l;
  };
  // Bulk edge columns, sources ascending. A fresh builder takes per-source counts instead of a
  // source column (4 bytes less per edge).
  const bySource = builder.edgeCount === 0 && base === 0;
  const eb = bySource ? builder.bulkEdgesBySource(maxEdges) : undefined;
  const ef = bySource ? undefined : builder.bulkEdges(maxEdges);
  const eStart = eb ? eb.start : ef!.start;
  const eTo = eb ? eb.to : ef!.to, eKind = eb ? eb.kind : ef!.kind, eLabel = eb ? eb.label : ef!.label;
  const counts = eb?.counts, eFrom = ef?.from;
  const toStart = index.resolveAll(es, n, tgt, params.arenaStart, params.arenaEnd, eTo, eStart, base);
  const skipped = new Float64Array(3); // SELF, OUTSIDE, MISS
  const m = writeEdges(n, base, es, offs, t.hmapCandidates, hmapLabels, offsetLabel, labelCache, P, eStart, eTo, eLabel, counts, eFrom, skipped);
  eKind.fill(EdgeKind.Strong, eStart, m);
  if (eb) eb.commit(m - eStart);
  else ef!.commit(m - eStart);
  const self = skipped[0], outside = skipped[1], arenaMiss = skipped[2];
  const interior = m - eStart - toStart;

  // Roots.
  const rootStats = { data: 0, bss: 0, frame: 0, other: 0, finalizer: 0, unresolved: 0 };
  const segBase = (kind: "data" | "bss") => t.segments.find((s) => s.kind === kind)?.addr ?? 0;
  const dataBase = segBase("data"), bssBase = segBase("bss");
  const globalLabel = new Map<number, number>();
  const rt = t.roots.target.view(), rk = t.roots.kind.view(), rl = t.roots.label.view(), rw = t.roots.where.view();
  for (let k = 0; k < rt.length; k++) {
    const j = index.containing(rt[k]);
    if (j < 0) {
      rootStats.unresolved++;
      continue;
    }
    let label = rl[k];
    const kind = rk[k];
    if (kind === PendingKind.Data || kind === PendingKind.Bss) {
      const where = rw[k];
      let l = globalLabel.get(where);
      if (l === undefined) {
        const sym = symbols?.lookup(where);
        const text = sym
          ? sym.offset === 0 ? sym.name : `${sym.name}+0x${sym.offset.toString(16)}`
          : kind === PendingKind.Data ? `data+0x${(where - dataBase).toString(16)}` : `bss+0x${(where - bssBase).toString(16)}`;
        globalLabel.set(where, (l = builder.labels.intern(text)));
      }
      label = l;
      if (kind === PendingKind.Data) rootStats.data++;
      else rootStats.bss++;
    } else if (kind === PendingKind.Frame) rootStats.frame++;
    else rootStats.other++;
    builder.addRoot(base + j, ROOT_KIND_OF[kind], label);
  }
  // What map headers on goroutine stacks point to (stack objects have no field lists in the dump).
  for (const sr of stackRoots) {
    builder.addRoot(base + sr.node, RootKind.GoFrame, builder.labels.intern(sr.root));
    rootStats.frame++;
  }
  // A finalizer keeps its function and everything the object points to, but not the object itself
  // (runtime markrootSpans); a queued finalizer keeps the object for the finalizer goroutine.
  for (const f of t.finalizers) {
    const label = builder.labels.intern(`${f.queued ? "queued finalizer" : "finalizer"} on 0x${f.obj.toString(16)}`);
    const fn = index.containing(f.fn);
    if (fn >= 0) {
      builder.addRoot(base + fn, RootKind.GoFinalizer, label);
      rootStats.finalizer++;
    }
    const o = index.containing(f.obj);
    if (o < 0) {
      rootStats.unresolved++;
      continue;
    }
    if (f.queued) {
      builder.addRoot(base + o, RootKind.GoFinalizer, label);
      rootStats.finalizer++;
      continue;
    }
    for (let e = es[o], end = es[o + 1]; e < end; e++) {
      const j = index.containing(tgt[e]);
      if (j >= 0 && j !== o) {
        builder.addRoot(base + j, RootKind.GoFinalizer, label);
        rootStats.finalizer++;
      }
    }
  }

  return {
    pointers: {
      fields: t.pointerFields,
      nil: t.nilPointers,
      toObjectStart: toStart,
      interior,
      selfReferences: self,
      outsideArena: outside,
      inArenaNotObject: arenaMiss,
    },
    roots: rootStats,
    sampledObjects: sampled,
    unmatchedSamples: unmatched,
  };
}

/**
 * Compacts the resolved pointers in `eTo` (pointer e at eStart + e: a node or a marker, see
 * AddressIndex.resolveAll) into edges with their labels, sources ascending; markers are skipped and
 * counted in `skipped` (self, outside, miss). Returns the end index.
 */
function writeEdges(
  n: number, base: number, es: Uint32Array, offs: Uint32Array, hmaps: number[], hmapLabels: Map<number, number>,
  offsetLabel: (off: number) => number, labelCache: Uint32Array, P: number, eStart: number, eTo: Uint32Array, eLabel: Uint32Array,
  counts: Uint32Array | undefined, eFrom: Uint32Array | undefined, skipped: Float64Array,
): number {
  let m = eStart;
  let e = es[0];
  const shift = P === 8 ? 3 : 2, mask = P - 1;
  let self = 0, outside = 0, miss = 0;
  let nextHmap = 0;
  for (let i = 0; i < n; i++) {
    const hm = nextHmap < hmaps.length && hmaps[nextHmap] === i;
    if (hm) nextHmap++;
    const first = m;
    for (const end = es[i + 1]; e < end; e++) {
      const to = eTo[eStart + e];
      if (to >= MISS) {
        if (to === SELF) self++;
        else if (to === OUTSIDE) outside++;
        else miss++;
        continue;
      }
      const off = offs[e];
      eTo[m] = to;
      let l = 0;
      if (hm) l = hmapLabels.get(off) ?? offsetLabel(off);
      else if (off < LABELLED_BYTES && (off & mask) === 0 && (l = labelCache[off >>> shift]) !== 0) {
        // cached "+0x…" label
      } else l = offsetLabel(off);
      eLabel[m] = l;
      if (eFrom) eFrom[m] = base + i;
      m++;
    }
    if (counts) counts[i + 1] = m - first;
  }
  skipped[0] = self;
  skipped[1] = outside;
  skipped[2] = miss;
  return m;
}
