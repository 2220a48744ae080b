// diffGraphs: pprof -diff_base semantics on Go profiles (ground truth: go tool pprof -top -diff_base
// at sample generation time), class deltas on any other graphs.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diffGraphs } from "../../src/analysis/diff.ts";
import { loadOne } from "../../src/load.ts";
import { samplePath } from "../helpers/paths.ts";
import { topTable } from "../formats/pprof/truth.ts";

const dir = (rate: string) => samplePath("go", "profiles", "mapretain", rate);

for (const rate of ["rate1", "default"]) {
  describe.skipIf(!existsSync(`${dir(rate)}/heap.pb.gz`))(`profile diff ${rate}`, () => {
    for (const t of ["inuse_space", "alloc_objects"]) {
      it(`${t}: per-function flat/cum deltas equal pprof -diff_base`, async () => {
        const base = await loadOne({ file: `${dir(rate)}/heap-before.pb.gz` });
        const cur = await loadOne({ file: `${dir(rate)}/heap.pb.gz` });
        const d = diffGraphs(base, cur, { sampleType: t });
        expect(d.mode).toBe("profile");
        expect(d.sampleType).toBe(t);
        const top = topTable(`${dir(rate)}/heap.pb.gz.diff-top.${t}`);
        // pprof's percentages are relative to the base total.
        expect(d.baseTotal).toBe(top.total);
        const mine = new Map(d.functions!.map((r) => [r.name, r]));
        for (const [name, row] of top.rows) {
          const r = mine.get(name);
          expect({ name, flat: r?.delta ?? 0, cum: r?.deltaCum ?? 0 }).toEqual({ name, ...row });
        }
        for (const r of d.functions!) if (r.delta !== 0 || r.deltaCum !== 0) expect(top.rows.has(r.name), r.name).toBe(true);
        // Ranked by |delta|.
        for (let i = 1; i < d.functions!.length; i++) expect(Math.abs(d.functions![i - 1].delta)).toBeGreaterThanOrEqual(Math.abs(d.functions![i].delta));
        // Site deltas add up to the function's flat delta.
        const fillSites = d.sites!.filter((s) => s.name.startsWith("main.fill "));
        expect(fillSites.reduce((a, s) => a + s.delta, 0)).toBe(mine.get("main.fill")?.delta ?? 0);
      });
    }

    it("normalize scales the base to the current total (pprof -normalize)", async () => {
      const base = await loadOne({ file: `${dir(rate)}/heap-before.pb.gz` });
      const cur = await loadOne({ file: `${dir(rate)}/heap.pb.gz` });
      const d = diffGraphs(base, cur, { normalize: true });
      expect(d.baseTotal).toBeCloseTo(d.currentTotal, 3);
      expect(d.functions!.reduce((a, r) => a + r.delta, 0)).toBeCloseTo(0, 1);
      const plain = diffGraphs(base, cur);
      const f = (x: typeof d) => x.functions!.find((r) => r.name === "main.fill")!;
      expect(f(d).current).toBe(f(plain).current);
      expect(f(d).base).toBeCloseTo((f(plain).base * d.currentTotal) / plain.baseTotal, 3);
    });

    it("the legacy text pair gives the same deltas for the program's functions", async () => {
      const pb = diffGraphs(await loadOne({ file: `${dir(rate)}/heap-before.pb.gz` }), await loadOne({ file: `${dir(rate)}/heap.pb.gz` }));
      const txt = diffGraphs(await loadOne({ file: `${dir(rate)}/heap-before.txt` }), await loadOne({ file: `${dir(rate)}/heap.txt` }));
      const pick = (d: typeof pb) => d.functions!.filter((r) => r.name.startsWith("main.")).map((r) => [r.name, r.delta, r.deltaCum, r.deltaObjects]);
      expect(pick(txt)).toEqual(pick(pb));
    });
  });
}

describe("class diff", () => {
  const a = samplePath("java", "DetectorHealthyControl.hprof.gz");
  const b = samplePath("java", "CoreObjects.hprof.gz");
  it.skipIf(!existsSync(a) || !existsSync(b))("per class count and shallow deltas on two HPROF dumps", async () => {
    const ga = await loadOne({ file: a });
    const gb = await loadOne({ file: b });
    const d = diffGraphs(ga, gb);
    expect(d.mode).toBe("class");
    const rows = d.classes!;
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.reduce((s, r) => s + r.delta, 0)).toBe(d.currentTotal - d.baseTotal);
    expect(rows.reduce((s, r) => s + r.deltaObjects, 0)).toBe(d.currentObjects - d.baseObjects);
    for (let i = 1; i < rows.length; i++) expect(Math.abs(rows[i - 1].delta)).toBeGreaterThanOrEqual(Math.abs(rows[i].delta));
    // Independent count of one class straight from the graph.
    const name = rows[0].name;
    const count = (g: typeof ga) => {
      let n = 0;
      for (let v = 0; v < g.nodeCount; v++) if (g.typeName(v) === name) n += g.objectCount(v);
      return n;
    };
    expect(rows[0].deltaObjects).toBe(count(gb) - count(ga));
    expect(diffGraphs(ga, ga).classes).toEqual([]);
  });
});
