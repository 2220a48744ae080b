import type { HeapGraph } from "../graph/heap-graph.ts";
import { profileTable } from "../graph/profile-table.ts";
import { typeTotals } from "./histogram.ts";
import { functionTable, siteTable, type ProfileTableResult } from "./profile-histogram.ts";

/**
 * Differences between two loaded inputs, ranked by |delta|.
 *
 * Go heap profiles (both graphs hold pprof/goref profiles): pprof's `-diff_base` semantics —
 * the base is subtracted sample type by sample type (current − base), so per function and per
 * allocation site flat and cum deltas are current − base; percentages are relative to the base
 * total (`baseTotal`). The compared sample type defaults to the one the current graph was loaded
 * with (inuse_space unless `--sample-index`).
 *
 * Any other graphs (two HPROF dumps, two Go heap dumps): per class / type name, object count and
 * shallow bytes (types are matched by name, since ids differ between dumps).
 */
export interface DiffRow {
  /** Function, "function file:line" (sites), or type name (classes). */
  name: string;
  base: number;
  current: number;
  delta: number;
  baseObjects: number;
  currentObjects: number;
  deltaObjects: number;
  /** Profiles only: cum (value of samples with this function/site on the stack). */
  baseCum?: number;
  currentCum?: number;
  deltaCum?: number;
}

export interface DiffResult {
  mode: "profile" | "class";
  /** Profile mode: the compared sample type and its object-count partner. */
  sampleType?: string;
  countType?: string;
  baseTotal: number;
  currentTotal: number;
  baseObjects: number;
  currentObjects: number;
  /** Profile mode. */
  functions?: DiffRow[];
  sites?: DiffRow[];
  /** Class mode. */
  classes?: DiffRow[];
}

export interface DiffOptions {
  /** Profile mode: sample type name ("alloc_space") or index; default: the current graph's. */
  sampleType?: string | number;
  /** Keep rows whose delta (bytes and objects) is zero. Default false. */
  keepUnchanged?: boolean;
  /**
   * Profile mode: pprof's `-normalize` — scale the base so its total equals the current total
   * (values and objects separately) before subtracting, to compare shapes rather than sizes.
   */
  normalize?: boolean;
}

function profileInputs(g: HeapGraph): number[] {
  const out: number[] = [];
  for (let i = 0; i < g.inputs.length; i++) if (profileTable(g, i)) out.push(i);
  return out;
}

interface Acc {
  flat: number;
  cum: number;
  flatO: number;
  cumO: number;
}

/** Sums a table over several inputs by row name. */
function collect(g: HeapGraph, inputs: number[], make: typeof functionTable, sampleType: string | number | undefined): { rows: Map<string, Acc>; total: number; objects: number; first?: ProfileTableResult } {
  const rows = new Map<string, Acc>();
  let total = 0, objects = 0;
  let first: ProfileTableResult | undefined;
  for (const i of inputs) {
    const t = make(g, i, { sampleType });
    first ??= t;
    total += t.total;
    objects += t.totalObjects;
    for (const r of t.rows) {
      const a = rows.get(r.name) ?? { flat: 0, cum: 0, flatO: 0, cumO: 0 };
      a.flat += r.flat;
      a.cum += r.cum;
      a.flatO += r.flatObjects;
      a.cumO += r.cumObjects;
      rows.set(r.name, a);
    }
  }
  return { rows, total, objects, first };
}

function rank(rows: DiffRow[], keep: boolean): DiffRow[] {
  return rows
    .filter((r) => keep || r.delta !== 0 || r.deltaObjects !== 0 || (r.deltaCum ?? 0) !== 0)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || Math.abs(b.deltaCum ?? 0) - Math.abs(a.deltaCum ?? 0) || Math.abs(b.deltaObjects) - Math.abs(a.deltaObjects) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function mergeProfileRows(b: Map<string, Acc>, c: Map<string, Acc>, keep: boolean): DiffRow[] {
  const names = new Set([...b.keys(), ...c.keys()]);
  const zero: Acc = { flat: 0, cum: 0, flatO: 0, cumO: 0 };
  const out: DiffRow[] = [];
  for (const name of names) {
    const x = b.get(name) ?? zero;
    const y = c.get(name) ?? zero;
    out.push({
      name,
      base: x.flat, current: y.flat, delta: y.flat - x.flat,
      baseObjects: x.flatO, currentObjects: y.flatO, deltaObjects: y.flatO - x.flatO,
      baseCum: x.cum, currentCum: y.cum, deltaCum: y.cum - x.cum,
    });
  }
  return rank(out, keep);
}

/** Per type name: instance count (objectCount) and shallow bytes. */
function classTotals(g: HeapGraph): Map<string, { count: number; shallow: number }> {
  const { count: countByType, shallow: byType } = typeTotals(g);
  const out = new Map<string, { count: number; shallow: number }>();
  for (let t = 0; t < byType.length; t++) {
    if (byType[t] === 0 && countByType[t] === 0) continue;
    const name = g.types.names[t];
    const a = out.get(name) ?? { count: 0, shallow: 0 };
    a.count += countByType[t];
    a.shallow += byType[t];
    out.set(name, a);
  }
  return out;
}

export function diffGraphs(base: HeapGraph, current: HeapGraph, opts: DiffOptions = {}): DiffResult {
  const keep = opts.keepUnchanged ?? false;
  const bp = profileInputs(base);
  const cp = profileInputs(current);
  if (bp.length > 0 && cp.length > 0 && bp.length === base.inputs.length && cp.length === current.inputs.length) {
    const ct = profileTable(current, cp[0])!;
    const sampleType = opts.sampleType ?? ct.sampleTypes[ct.valueIndex].type;
    const name = typeof sampleType === "number" ? ct.sampleTypes[sampleType]?.type : sampleType;
    for (const i of bp) {
      const t = profileTable(base, i)!;
      if (name === undefined || t.typeIndex(name) < 0) {
        throw new Error(`the base profile has no sample type ${String(sampleType)} (it has ${t.sampleTypes.map((x) => x.type).join(", ")})`);
      }
    }
    const st = name!;
    const bf = collect(base, bp, functionTable, st);
    const cf = collect(current, cp, functionTable, st);
    const bs = collect(base, bp, siteTable, st);
    const cs = collect(current, cp, siteTable, st);
    if (opts.normalize) {
      const fv = bf.total !== 0 ? cf.total / bf.total : 1;
      const fo = bf.objects !== 0 ? cf.objects / bf.objects : 1;
      for (const rows of [bf.rows, bs.rows]) {
        for (const a of rows.values()) {
          a.flat *= fv;
          a.cum *= fv;
          a.flatO *= fo;
          a.cumO *= fo;
        }
      }
      bf.total *= fv;
      bf.objects *= fo;
    }
    return {
      mode: "profile",
      sampleType: st,
      countType: cf.first?.countType,
      baseTotal: bf.total,
      currentTotal: cf.total,
      baseObjects: bf.objects,
      currentObjects: cf.objects,
      functions: mergeProfileRows(bf.rows, cf.rows, keep),
      sites: mergeProfileRows(bs.rows, cs.rows, keep),
    };
  }
  const b = classTotals(base);
  const c = classTotals(current);
  const rows: DiffRow[] = [];
  let bt = 0, ct = 0, bo = 0, co = 0;
  for (const v of b.values()) {
    bt += v.shallow;
    bo += v.count;
  }
  for (const v of c.values()) {
    ct += v.shallow;
    co += v.count;
  }
  for (const name of new Set([...b.keys(), ...c.keys()])) {
    const x = b.get(name) ?? { count: 0, shallow: 0 };
    const y = c.get(name) ?? { count: 0, shallow: 0 };
    rows.push({ name, base: x.shallow, current: y.shallow, delta: y.shallow - x.shallow, baseObjects: x.count, currentObjects: y.count, deltaObjects: y.count - x.count });
  }
  return { mode: "class", baseTotal: bt, currentTotal: ct, baseObjects: bo, currentObjects: co, classes: rank(rows, keep) };
}
