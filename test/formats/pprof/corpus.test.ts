// Every file of the shared pprof corpus loads, or is refused with a clean InputError; totals and
// the top functions equal `go tool pprof` (test/fixtures/corpus-truth, made by its generate.sh).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { functionTable } from "../../../src/analysis/profile-histogram.ts";
import { InputError } from "../../../src/io/errors.ts";
import { loadOne } from "../../../src/load.ts";
import { ROOT, corpusPath, hasCorpus } from "../../helpers/paths.ts";
import { topTable } from "./truth.ts";

const TRUTH = join(ROOT, "test/fixtures/corpus-truth");

/** Files pprof reads that heaplens refuses on purpose (with the reason the error must give). */
const REFUSED_BY_US: Record<string, RegExp> = {};
/** What the refusal of files pprof also refuses must say. */
const REFUSAL_REASON: Record<string, RegExp> = {
  "pprof-fuzz-heapz-crasher.txt": /line 2: sample "0 0 @ 0": the count \(second value\) must be non-zero/,
};

const files = hasCorpus
  ? ["pprof", "pprof-text"].flatMap((d) => readdirSync(corpusPath(d)).map((f) => ({ dir: d, name: f })))
  : [];

describe.skipIf(!hasCorpus)("pprof corpus", () => {
  it("has ground truth for every corpus file", () => {
    for (const f of files) expect(existsSync(join(TRUTH, `${f.dir}--${f.name}.raw-totals`)), f.name).toBe(true);
  });

  for (const f of files) {
    it(`${f.dir}/${f.name}`, async () => {
      const path = corpusPath(f.dir, f.name);
      const truth = readFileSync(join(TRUTH, `${f.dir}--${f.name}.raw-totals`), "utf8").trim().split("\n");
      if (truth[0].startsWith("refused:") || REFUSED_BY_US[f.name]) {
        const err = await loadOne({ file: path }).then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(InputError);
        expect((err as InputError).message).toContain(path);
        const why = REFUSED_BY_US[f.name] ?? REFUSAL_REASON[f.name];
        if (why) expect((err as InputError).message).toMatch(why);
        return;
      }
      const g = await loadOne({ file: path });
      const types = truth[0].split(/\s+/).map((t) => t.replace(/\/.*$/, ""));
      const totals = truth[1].split(/\s+/).map(Number);
      const meta = g.inputs[0].meta;
      expect(types.map((t) => (meta.totals as Record<string, number>)[t])).toEqual(totals);

      const topPath = join(TRUTH, `${f.dir}--${f.name}.top`);
      const top = topTable(topPath);
      const chosen = /^Type: (\S+)/m.exec(readFileSync(topPath, "utf8"))?.[1];
      if (chosen) expect(meta.sampleType).toBe(chosen);
      let shallow = 0;
      for (let i = 0; i < g.nodeCount; i++) shallow += g.shallow[i];
      expect(shallow).toBe(totals[types.indexOf(meta.sampleType as string)]);

      // Function-level agreement where pprof names functions (unsymbolised text profiles have none).
      const ft = functionTable(g, 0);
      const mine = new Map(ft.rows.map((r) => [r.function, r]));
      let compared = 0;
      for (const [name, t] of top.rows) {
        if (name === "<unknown>" || /^0x[0-9a-f]+$/.test(name) || /^\[.*\]$/.test(name)) continue;
        const r = mine.get(name);
        expect({ name, flat: r?.flat ?? 0, cum: r?.cum ?? 0 }).toEqual({ name, ...t });
        compared++;
      }
      if (f.dir === "pprof") expect(compared).toBeGreaterThan(0);
    });
  }
});
