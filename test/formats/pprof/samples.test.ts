// Ground truth: Go heap profiles written by the Go runtime (samples/go/profiles/generate.sh)
// against `go tool pprof -raw` / `-top` run on the same files at generation time.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { functionTable, siteTable } from "../../../src/analysis/profile-histogram.ts";
import { InputError } from "../../../src/io/errors.ts";
import { loadOne } from "../../../src/load.ts";
import { samplePath } from "../../helpers/paths.ts";
import { rawTotals, topTable } from "./truth.ts";

const TYPES = ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"];
const dir = (rate: string) => samplePath("go", "profiles", "mapretain", rate);

function compareTop(got: ReturnType<typeof functionTable>, path: string, only?: (name: string) => boolean) {
  const top = topTable(path);
  const mine = new Map(got.rows.map((r) => [r.function, r]));
  let compared = 0;
  for (const [name, t] of top.rows) {
    if (only && !only(name)) continue;
    const r = mine.get(name);
    expect({ name, flat: r?.flat ?? 0, cum: r?.cum ?? 0 }).toEqual({ name, flat: t.flat, cum: t.cum });
    compared++;
  }
  for (const r of got.rows) {
    if (only && !only(r.function)) continue;
    if (r.flat !== 0 || r.cum !== 0) expect(top.rows.has(r.function), `${r.function} is not in ${path}`).toBe(true);
  }
  return compared;
}

for (const rate of ["rate1", "default"]) {
  for (const prof of ["heap-before", "heap"]) {
    describe(`mapretain/${rate}/${prof}`, () => {
      const pb = `${dir(rate)}/${prof}.pb.gz`;
      const txt = `${dir(rate)}/${prof}.txt`;
      it.skipIf(!existsSync(pb))("protobuf totals equal pprof -raw; flat/cum equal pprof -top", async () => {
        const g = await loadOne({ file: pb });
        const raw = rawTotals(`${pb}.raw`);
        expect(raw.types).toEqual(TYPES);
        const meta = g.inputs[0].meta;
        expect(g.inputs[0].format).toBe("pprof");
        expect(meta.sampleType).toBe("inuse_space");
        expect(TYPES.map((t) => (meta.totals as Record<string, number>)[t])).toEqual(raw.totals);
        let shallow = 0, objects = 0;
        for (let i = 0; i < g.nodeCount; i++) {
          shallow += g.shallow[i];
          objects += g.objectCount(i);
        }
        expect(shallow).toBe(raw.totals[3]);
        expect(objects).toBe(raw.totals[2]);
        for (const t of TYPES) {
          const ft = functionTable(g, 0, { sampleType: t });
          expect(ft.total).toBe(raw.totals[TYPES.indexOf(t)]);
          expect(compareTop(ft, `${pb}.top.${t}`)).toBeGreaterThan(2);
        }
        // Dominators over the calling-context tree: the profile root retains everything.
        const d = computeDominators(g, STRONG);
        expect(d.retained[0]).toBe(raw.totals[3]);
        expect(d.retainedCount[0]).toBe(raw.totals[2]);
      });

      it.skipIf(!existsSync(txt))("legacy text totals equal pprof -raw; flat/cum equal pprof -top", async () => {
        const g = await loadOne({ file: txt });
        const raw = rawTotals(`${txt}.raw`);
        expect(raw.types).toEqual(TYPES);
        const meta = g.inputs[0].meta;
        expect(g.inputs[0].format).toBe("pprof-text");
        expect(TYPES.map((t) => (meta.totals as Record<string, number>)[t])).toEqual(raw.totals);
        const ms = meta.memstats as Record<string, unknown>;
        expect(typeof ms.HeapInuse).toBe("number");
        expect(typeof ms.NumGC).toBe("number");
        expect(Array.isArray(ms.PauseNs)).toBe(true);
        for (const t of TYPES) {
          const ft = functionTable(g, 0, { sampleType: t });
          expect(ft.total).toBe(raw.totals[TYPES.indexOf(t)]);
          // pprof symbolises the text from the binary without inline expansion; the '#' lines
          // (runtime.CallersFrames) agree with it on the program's own, non-inlined functions…
          expect(compareTop(ft, `${txt}.top.${t}`, (n) => n.startsWith("main."))).toBeGreaterThan(1);
          // …and with the protobuf profile written at the same instant on every function outside
          // the runtime. (For stacks made only of runtime frames the two writers differ: the
          // protobuf writer's hideRuntime keys on runtime.FuncForPC and falls back to all frames,
          // printStackRecord hides leading frames by name — e.g. it keeps the linknamed
          // time.resetTimer as the leaf where the protobuf keeps runtime.doaddtimer.)
          expect(compareTop(ft, `${pb}.top.${t}`, (n) => !/^(runtime|time)\./.test(n))).toBeGreaterThanOrEqual(2);
        }
      });
    });
  }
}

describe("site table", () => {
  it.skipIf(!existsSync(`${dir("rate1")}/heap.pb.gz`))("separates the bucket-array line from the entry line in main.fill", async () => {
    const g = await loadOne({ file: `${dir("rate1")}/heap.pb.gz` });
    const sites = siteTable(g, 0, { sampleType: "inuse_space" });
    const fill = sites.rows.filter((r) => r.function === "main.fill");
    expect(new Set(fill.map((r) => r.line)).size).toBeGreaterThanOrEqual(2);
    const ft = functionTable(g, 0, { sampleType: "inuse_space" });
    const fillFlat = ft.rows.find((r) => r.function === "main.fill")!.flat;
    expect(fill.reduce((a, r) => a + r.flat, 0)).toBe(fillFlat);
    expect(fill[0].file).toMatch(/main\.go$/);
  });
});

describe("--sample-index", () => {
  const pb = `${dir("rate1")}/heap.pb.gz`;
  it.skipIf(!existsSync(pb))("by name or index; node sizes and counts follow; unknown names are refused", async () => {
    const raw = rawTotals(`${pb}.raw`);
    for (const [req, t] of [["alloc_space", 1], ["1", 1], ["inuse_objects", 2], ["alloc_objects", 0]] as const) {
      const g = await loadOne({ file: pb, options: { sampleIndex: req } });
      expect(g.inputs[0].meta.sampleIndex).toBe(t);
      let shallow = 0, objects = 0;
      for (let i = 0; i < g.nodeCount; i++) {
        shallow += g.shallow[i];
        objects += g.objectCount(i);
      }
      expect(shallow).toBe(raw.totals[t]);
      // The object count follows the matching count type (alloc_space → alloc_objects).
      expect(objects).toBe(raw.totals[t === 1 ? 0 : t]);
    }
    const err = await loadOne({ file: pb, options: { sampleIndex: "no_such" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(String(err)).toMatch(/no_such/);
  });
});
