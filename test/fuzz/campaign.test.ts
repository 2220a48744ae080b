import { describe, expect, it } from "vitest";
import { runCampaign } from "./campaign.ts";
import { FUZZ_FORMATS } from "./mutators/types.ts";
import { FuzzPool } from "./pool.ts";
import { allSeeds } from "./seeds.ts";

/**
 * A small fixed-seed campaign over every reader (~100 cases per format, small seeds only), run as
 * part of `npm test`. Each case runs the whole analysis in a worker with a CPU deadline and a
 * peak-memory limit; it must end in a result or a clear InputError. Failures found here are
 * reproduced with `npm run fuzz -- --seed heaplens-fixed-1 --case <index> --max-seed-bytes 131072`.
 */
const SEED = "heaplens-fixed-1";
const PER_FORMAT = 100;

describe("fuzz campaign (fixed seed)", () => {
  it(`${PER_FORMAT} cases per format end in a result or a clear InputError`, async () => {
    const seeds = allSeeds({ maxBytes: 128 * 1024 });
    const formats = FUZZ_FORMATS.filter((f) => seeds.some((s) => s.format === f));
    expect(formats).toEqual([...FUZZ_FORMATS]);
    const pool = new FuzzPool({ size: 2 });
    try {
      const r = await runCampaign({ seeds, seed: SEED, cases: PER_FORMAT * formats.length, save: false, pool });
      const report = r.failures.map((f) => `${f.failure} [${f.format}] case ${f.index} (${f.seedName}; ${f.steps.join(",")}): ${f.detail.slice(0, 600)}`);
      expect(report).toEqual([]);
      for (const f of formats) expect(r.perFormat[f].cases).toBe(PER_FORMAT);
      // The campaign must reach both outcomes: mutations that are tolerated and ones refused cleanly.
      expect(r.total.ok).toBeGreaterThan(0);
      expect(r.total.refused).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  }, 600_000);
});
