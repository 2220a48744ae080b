/**
 * `npm run fuzz -- --cases N --seed S [--format hprof|pprof|pprof-text|godump]… [--time-budget SECONDS]`
 * Mutation fuzzing of every reader, each case in a killable worker with a deadline and a memory
 * limit. Prints the seed first (so any run can be replayed), then counts per format. Exit 1 when
 * a case failed (failures are saved to test/fuzz-regressions/ with their recipe).
 * Other flags: --case I (replay one case), --no-save, --minimize SECONDS, --max-seed-bytes N,
 * --mem-factor F, --workers N, --quiet.
 */
import { parseArgs } from "node:util";
import { runCampaign } from "./campaign.ts";
import { FUZZ_FORMATS, type FuzzFormat } from "./mutators/types.ts";
import { FuzzPool, growthOf } from "./pool.ts";
import { allSeeds } from "./seeds.ts";
import { DEFAULT_LIMITS } from "./verdict.ts";
import { terminalSafe } from "../../src/report/escape.ts";

/** Messages quote dump bytes: keep them short and harmless on a terminal. */
const clip = (s: string, n = 300) => terminalSafe(s.length > n ? s.slice(0, n) + "…" : s);

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "200" },
    seed: { type: "string" },
    format: { type: "string", multiple: true },
    "time-budget": { type: "string" },
    case: { type: "string" },
    "no-save": { type: "boolean", default: false },
    minimize: { type: "string", default: "30" },
    "max-seed-bytes": { type: "string", default: String(16 * 1024 * 1024) },
    "mem-factor": { type: "string" },
    workers: { type: "string", default: "2" },
    quiet: { type: "boolean", default: false },
  },
  allowPositionals: false,
});

const seed = values.seed ?? String(Date.now());
const formats = (values.format ?? []).flatMap((f) => f.split(",")).filter(Boolean) as FuzzFormat[];
for (const f of formats) {
  if (!FUZZ_FORMATS.includes(f)) {
    console.error(`unknown --format ${f} (use ${FUZZ_FORMATS.join(", ")})`);
    process.exit(2);
  }
}
console.log(`fuzz seed: ${seed}`);
const seeds = allSeeds({ maxBytes: Number(values["max-seed-bytes"]), formats: formats.length ? formats : undefined });
const byFormat = new Map<string, number>();
for (const s of seeds) byFormat.set(s.format, (byFormat.get(s.format) ?? 0) + 1);
console.log(`seeds: ${[...byFormat].map(([f, n]) => `${f} ${n}`).join(", ")}`);
const pool = new FuzzPool({ size: Number(values.workers) });
const limits = values["mem-factor"] ? { ...DEFAULT_LIMITS, memFactor: Number(values["mem-factor"]) } : DEFAULT_LIMITS;
const result = await runCampaign({
  seeds,
  seed,
  cases: Number(values.cases),
  formats: formats.length ? formats : undefined,
  timeBudgetS: values["time-budget"] ? Number(values["time-budget"]) : undefined,
  only: values.case !== undefined ? Number(values.case) : undefined,
  save: !values["no-save"],
  minimizeS: Number(values.minimize),
  limits,
  pool,
  log: (l) => console.log(clip(l, 2000)),
  progressEvery: values.quiet ? 0 : 100,
  onCase: values.quiet || values.case === undefined ? undefined : (c, v, r) => console.log(`case ${c.index} [${c.format}] ${c.seedName} ${c.steps.join(",")} → ${v.kind}${v.kind === "refused" ? `: ${clip(v.message)}` : v.kind === "failure" ? `: ${clip(v.detail, 2000)}` : ""} (${Math.round(r.ms)} ms, peak +${(growthOf(r) / 2 ** 20).toFixed(1)} MB)`),
});
await pool.close();
console.log(`worker mode: ${result.mode}`);
console.log(`${"format".padEnd(12)}${"cases".padStart(7)}${"ok".padStart(7)}${"refused".padStart(9)}${"failures".padStart(10)}`);
for (const [f, c] of Object.entries(result.perFormat)) console.log(`${f.padEnd(12)}${String(c.cases).padStart(7)}${String(c.ok).padStart(7)}${String(c.refused).padStart(9)}${String(c.failures).padStart(10)}`);
const t = result.total;
console.log(`${"total".padEnd(12)}${String(t.cases).padStart(7)}${String(t.ok).padStart(7)}${String(t.refused).padStart(9)}${String(t.failures).padStart(10)}`);
console.log(`cases: ${t.cases}, ok: ${t.ok}, refused: ${t.refused}, failures: ${t.failures} (${result.failures.length} distinct) in ${result.elapsedS.toFixed(1)} s${result.stoppedEarly ? " (time budget reached)" : ""}; max peak-RSS growth ${result.maxGrowthRatio.ratio.toFixed(1)}x input (case ${result.maxGrowthRatio.index}, ${result.maxGrowthRatio.format})`);
for (const f of result.failures) console.log(`  ${f.failure} ${f.signature} [${f.format}] case ${f.index}: ${clip(f.detail.split("\n")[0])}${f.saved ? ` → test/fuzz-regressions/${f.saved}` : ""}`);
if (t.failures) console.log(`replay one case: npm run fuzz -- --seed '${seed}' --case <index>`);
process.exit(t.failures ? 1 : 0);
