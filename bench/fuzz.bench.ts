// Fuzz benchmark: a long mutation campaign over every reader (test/fuzz), 10,000 cases by default,
// each in a killable worker with a CPU deadline and a peak-memory limit. Prints the seed, counts
// per format (cases, ok, refused cleanly, failures), wall time, cases/s and the workers' largest
// peak-RSS growth. Failures are saved to test/fuzz-regressions/ with their recipe.
// Usage: node --import tsx bench/fuzz.bench.ts [--cases=10000] [--seed=S] [--time-budget=SECONDS] [--max-seed-bytes=N]
// (the same campaign as `npm run fuzz -- --cases 10000 --seed S`).
import { runCampaign } from "../test/fuzz/campaign.ts";
import { FuzzPool, growthOf } from "../test/fuzz/pool.ts";
import { allSeeds } from "../test/fuzz/seeds.ts";

const arg = (name: string) => process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
const cases = Number(arg("cases") ?? 10_000);
const seed = arg("seed") ?? `bench-${Date.now()}`;
const budget = arg("time-budget");
console.log(`fuzz seed: ${seed}`);
const t0 = performance.now();
const seeds = allSeeds({ maxBytes: Number(arg("max-seed-bytes") ?? 16 * 1024 * 1024) });
console.log(`seeds: ${seeds.length} (${Math.round(performance.now() - t0)} ms)`);
const pool = new FuzzPool({ size: 2 });
let done = 0;
let worst = { growth: 0, desc: "" };
const r = await runCampaign({
  seeds,
  seed,
  cases,
  pool,
  timeBudgetS: budget ? Number(budget) : undefined,
  minimizeS: 30,
  log: (l) => console.log(l.slice(0, 2000)),
  onCase: (c, _v, res) => {
    const g = growthOf(res);
    if (g > worst.growth) worst = { growth: g, desc: `case ${c.index} ${c.format} ${c.seedName} (${(c.inflatedSize / 2 ** 20).toFixed(2)} MB input)` };
    if (++done % 500 === 0) console.log(`  … ${done} cases, ${Math.round((performance.now() - t0) / 1000)} s`);
  },
});
await pool.close();
const wall = (performance.now() - t0) / 1000;
console.log(`${"format".padEnd(12)}${"cases".padStart(7)}${"ok".padStart(7)}${"refused".padStart(9)}${"failures".padStart(10)}`);
for (const [f, c] of Object.entries(r.perFormat)) console.log(`${f.padEnd(12)}${String(c.cases).padStart(7)}${String(c.ok).padStart(7)}${String(c.refused).padStart(9)}${String(c.failures).padStart(10)}`);
const t = r.total;
console.log(`cases: ${t.cases}, ok: ${t.ok}, refused: ${t.refused}, failures: ${t.failures} (${r.failures.length} distinct)`);
console.log(`wall ${wall.toFixed(0)} s, ${(t.cases / wall).toFixed(1)} cases/s, largest worker peak-RSS growth ${(worst.growth / 2 ** 20).toFixed(0)} MB (${worst.desc}); parent peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
for (const f of r.failures) console.log(`  ${f.failure} ${f.signature} [${f.format}] case ${f.index}: ${f.detail.split("\n")[0].slice(0, 300)}${f.saved ? ` → test/fuzz-regressions/${f.saved}` : ""}`);
process.exit(t.failures ? 1 : 0);
