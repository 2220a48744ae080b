import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "../helpers/paths.ts";
import { makeCase, seedPicker, type FuzzCase } from "./cases.ts";
import { splice } from "./mutators/bytes.ts";
import type { FuzzFormat } from "./mutators/types.ts";
import { FuzzPool, growthOf, type RunResult } from "./pool.ts";
import type { Seed } from "./seeds.ts";
import { DEFAULT_LIMITS, deadlineFor, judge, type Limits, type Verdict } from "./verdict.ts";

export const REGRESSIONS_DIR = join(ROOT, "test/fuzz-regressions");

export interface CampaignOptions {
  seeds: Seed[];
  seed: string;
  cases: number;
  formats?: FuzzFormat[];
  /** Stop starting new cases after this many seconds (counts are still printed). */
  timeBudgetS?: number;
  /** Only this case index (replay). */
  only?: number;
  /** Write failures to test/fuzz-regressions/ (default true). */
  save?: boolean;
  /** Seconds the minimizer may spend on one new failure (0 = save as found). */
  minimizeS?: number;
  limits?: Limits;
  pool?: FuzzPool;
  log?: (line: string) => void;
  /** Print a progress line every N cases (0 = never). */
  progressEvery?: number;
  /** Called for every case (tests collect verdicts). */
  onCase?: (c: FuzzCase, v: Verdict, r: RunResult) => void;
}

export interface FormatCounts {
  cases: number;
  ok: number;
  refused: number;
  failures: number;
}

export interface CampaignResult {
  perFormat: Record<string, FormatCounts>;
  total: FormatCounts;
  /** Distinct failures (by signature) with one example each. */
  failures: { signature: string; failure: string; format: string; index: number; seedName: string; steps: string[]; detail: string; saved?: string }[];
  stoppedEarly: boolean;
  elapsedS: number;
  mode: string;
  maxGrowthRatio: { ratio: number; index: number; format: string };
}

export async function runCampaign(opts: CampaignOptions): Promise<CampaignResult> {
  const log = opts.log ?? (() => {});
  const limits = opts.limits ?? DEFAULT_LIMITS;
  const picker = seedPicker(opts.seeds);
  const formats = (opts.formats ?? picker.formats).filter((f) => picker.formats.includes(f));
  if (!formats.length) throw new Error("no seeds for the requested formats");
  const pool = opts.pool ?? new FuzzPool({ size: 2 });
  const dir = mkdtempSync(join(tmpdir(), "heaplens-fuzz-"));
  const t0 = performance.now();
  const perFormat: Record<string, FormatCounts> = {};
  for (const f of formats) perFormat[f] = { cases: 0, ok: 0, refused: 0, failures: 0 };
  const failures: CampaignResult["failures"] = [];
  const seen = new Set<string>();
  let stoppedEarly = false;
  const maxGrowth = { ratio: 0, index: -1, format: "" };
  const budgetMs = (opts.timeBudgetS ?? Infinity) * 1000;
  const indexes = opts.only !== undefined ? [opts.only] : Array.from({ length: opts.cases }, (_, i) => i);
  let next = 0;

  const runOne = async (c: FuzzCase): Promise<[Verdict, RunResult]> => {
    const path = join(dir, `case-${c.index}.${c.gzipped ? "gz" : "bin"}`);
    writeFileSync(path, c.bytes);
    const r = await pool.run(path, deadlineFor(c.inflatedSize));
    rmSync(path, { force: true });
    return [judge(r, { format: c.format, inflatedSize: c.inflatedSize, gzipped: c.gzipped, fileSize: c.bytes.length }, limits), r];
  };

  const lane = async () => {
    while (next < indexes.length) {
      if (performance.now() - t0 > budgetMs) {
        stoppedEarly = true;
        return;
      }
      const index = indexes[next++];
      const c = makeCase(picker, opts.seed, index, formats);
      const [v, r] = await runOne(c);
      opts.onCase?.(c, v, r);
      const counts = perFormat[c.format];
      counts.cases++;
      const doneCases = Object.values(perFormat).reduce((s, x) => s + x.cases, 0);
      if (opts.progressEvery && doneCases % opts.progressEvery === 0) {
        const t = Object.values(perFormat).reduce((a, x) => ({ ok: a.ok + x.ok, refused: a.refused + x.refused, failures: a.failures + x.failures }), { ok: 0, refused: 0, failures: 0 });
        log(`… ${doneCases} cases in ${Math.round((performance.now() - t0) / 1000)} s: ok ${t.ok}, refused ${t.refused}, failures ${t.failures}`);
      }
      const ratio = growthOf(r) / Math.max(1, c.inflatedSize);
      if (c.inflatedSize > 64 * 1024 && ratio > maxGrowth.ratio) Object.assign(maxGrowth, { ratio, index, format: c.format });
      if (v.kind === "ok") counts.ok++;
      else if (v.kind === "refused") counts.refused++;
      else {
        counts.failures++;
        log(`FAIL case ${index} [${c.format}] ${v.failure} ${v.signature} seed=${c.seedName} steps=${c.steps.join(",")}\n  ${v.detail.split("\n").join("\n  ")}`);
        if (!seen.has(v.signature)) {
          seen.add(v.signature);
          const entry: CampaignResult["failures"][number] = { signature: v.signature, failure: v.failure, format: c.format, index, seedName: c.seedName, steps: c.steps, detail: v.detail };
          if (opts.save !== false) entry.saved = await saveRegression(c, v, opts, runOne, log);
          failures.push(entry);
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: pool.size }, lane));
  } finally {
    if (!opts.pool) await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const total = { cases: 0, ok: 0, refused: 0, failures: 0 };
  for (const c of Object.values(perFormat)) for (const k of Object.keys(total) as (keyof FormatCounts)[]) total[k] += c[k];
  return { perFormat, total, failures, stoppedEarly, elapsedS: (performance.now() - t0) / 1000, mode: pool.mode, maxGrowthRatio: maxGrowth };
}

const MAX_SAVED = 2 * 1024 * 1024;

/** Saves a failing input (shrunk when it is big) and its recipe as a permanent regression case. */
async function saveRegression(c: FuzzCase, v: Extract<Verdict, { kind: "failure" }>, opts: CampaignOptions, runOne: (c: FuzzCase) => Promise<[Verdict, RunResult]>, log: (s: string) => void): Promise<string | undefined> {
  mkdirSync(REGRESSIONS_DIR, { recursive: true });
  const base = `${c.format}-${v.failure}-${v.signature}`;
  if (existsSync(join(REGRESSIONS_DIR, `${base}.json`))) return `${base} (already saved)`;
  let bytes = c.bytes;
  const gzDamage = c.steps.some((s) => s.startsWith("gzip-"));
  const minimizeS = opts.minimizeS ?? 0;
  if (minimizeS > 0 && !gzDamage && v.failure !== "timeout" && c.content.length > 16 * 1024) {
    const shrunk = await minimize(c, v.signature, minimizeS, runOne);
    log(`  minimized ${c.content.length} → ${shrunk.length} bytes`);
    bytes = c.gzipped ? new Uint8Array(gzipSync(shrunk)) : shrunk;
  }
  const meta = {
    format: c.format,
    failure: v.failure,
    signature: v.signature,
    detail: v.detail.split("\n").slice(0, 6).join("\n"),
    found: { campaignSeed: opts.seed, case: c.index, seedFile: c.seedName, steps: c.steps },
    replay: `npm run fuzz -- --seed '${opts.seed}' --case ${c.index}`,
    data: bytes.length <= MAX_SAVED ? `${base}.${c.gzipped ? "gz" : "bin"}` : null,
  };
  if (meta.data) writeFileSync(join(REGRESSIONS_DIR, meta.data), bytes);
  writeFileSync(join(REGRESSIONS_DIR, `${base}.json`), JSON.stringify(meta, null, 2) + "\n");
  return base;
}

/** Greedy shrinking: shorter prefixes first, then deleting chunks of halving size, while the failure signature holds. */
async function minimize(c: FuzzCase, signature: string, budgetS: number, runOne: (c: FuzzCase) => Promise<[Verdict, RunResult]>): Promise<Uint8Array> {
  const t0 = performance.now();
  const timeLeft = () => performance.now() - t0 < budgetS * 1000;
  const same = async (content: Uint8Array) => {
    const bytes = c.gzipped ? new Uint8Array(gzipSync(content, { level: 1 })) : content;
    const [v] = await runOne({ ...c, content, bytes, inflatedSize: content.length });
    return v.kind === "failure" && v.signature === signature;
  };
  let cur = c.content;
  // Prefix search.
  let lo = 1, hi = cur.length;
  while (lo < hi && timeLeft()) {
    const mid = (lo + hi) >> 1;
    if (await same(cur.subarray(0, mid))) hi = mid;
    else lo = mid + 1;
  }
  if (hi < cur.length && (await same(cur.subarray(0, hi)))) cur = cur.slice(0, hi);
  for (let chunk = cur.length >> 2; chunk >= 16 && timeLeft(); chunk >>= 1) {
    for (let off = 0; off < cur.length && timeLeft(); ) {
      const cand = splice(cur, off, chunk);
      if (await same(cand)) cur = cand;
      else off += chunk;
    }
  }
  return cur;
}

/** The saved regression cases (metadata with a data file). */
export function regressionCases(): { name: string; meta: Record<string, any>; path: string }[] {
  if (!existsSync(REGRESSIONS_DIR)) return [];
  return readdirSync(REGRESSIONS_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => {
      const meta = JSON.parse(readFileSync(join(REGRESSIONS_DIR, f), "utf8"));
      return { name: f.replace(/\.json$/, ""), meta, path: meta.data ? join(REGRESSIONS_DIR, meta.data) : "" };
    })
    .filter((r) => r.path);
}
