import { statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { regressionCases } from "./campaign.ts";
import { FuzzPool } from "./pool.ts";
import { deadlineFor, judge } from "./verdict.ts";

/**
 * Every input a fuzz campaign ever failed on (test/fuzz-regressions/*.json + its data file) must
 * now load to a result or a clear InputError within the deadline and memory limit.
 */
const cases = regressionCases();
let pool: FuzzPool | undefined;
const getPool = () => (pool ??= new FuzzPool({ size: 2 }));
afterAll(async () => pool?.close());

describe("fuzz regressions", () => {
  it("the regression directory is readable", () => {
    for (const c of cases) expect(c.meta.format, c.name).toMatch(/^(hprof|pprof|pprof-text|godump)$/);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s loads to a result or an InputError", async (_name, c) => {
    const size = statSync(c.path).size;
    const gzipped = c.path.endsWith(".gz");
    // Memory limits are relative to the content size; for gzip, allow for inflation.
    const inflated = gzipped ? size * 20 : size;
    const r = await getPool().run(c.path, deadlineFor(inflated));
    const v = judge(r, { format: c.meta.format, inflatedSize: inflated, gzipped, fileSize: size });
    expect(v.kind === "failure" ? `${v.failure}: ${v.detail.slice(0, 800)}` : "ok or refused").toBe("ok or refused");
  }, 120_000);
});
