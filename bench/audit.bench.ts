// Audit benchmark: one JVM dump plus several large Go heap profiles, loaded sequentially and with
// the pprof loader in a worker thread (src/audit/parallel-load.ts), then analysed as one graph.
// Inputs are generated under os.tmpdir(): bench/audit-go writes profiles of 2^depth distinct
// stacks; the Java side is the committed hybrid sample dump.
// Usage: node --import tsx bench/audit.bench.ts [--depth=17] [--profiles=2] [--rounds=2]
// Each mode runs in a fresh child process so peak RSS is per mode.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const arg = (name: string, fallback: number) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : fallback;
};

async function child(manifest: string, mode: string): Promise<void> {
  const { planAudit } = await import("../src/audit/manifest.ts");
  const { runAudit } = await import("../src/audit/audit.ts");
  const t0 = performance.now();
  const r = await runAudit(planAudit(manifest), { parallel: mode === "on" });
  const total = performance.now() - t0;
  const phases = Object.entries(r.timings).map(([k, v]) => `${k} ${v}`).join(", ");
  console.log(
    `workers ${mode.padEnd(3)} ${r.loadMode.padEnd(18)} total ${total.toFixed(0).padStart(5)} ms  nodes ${r.analysis.graph.nodeCount}  ` +
      `${Math.round(process.resourceUsage().maxRSS / 1024)} MB peak RSS  (ms: ${phases})`,
  );
}

async function main() {
  const childArgs = process.argv.find((a) => a.startsWith("--child="));
  if (childArgs) {
    const [manifest, mode] = childArgs.slice(8).split(",");
    return child(manifest, mode);
  }
  const depth = arg("depth", 17);
  const profiles = arg("profiles", 2);
  const rounds = arg("rounds", 2);
  const work = mkdtempSync(join(tmpdir(), "heaplens-audit-bench-"));
  const bin = join(work, "auditbench");
  const build = spawnSync("go", ["build", "-o", bin, "."], { cwd: join(here, "audit-go"), stdio: "inherit" });
  if (build.status !== 0) {
    console.log("go not available: skipping the audit benchmark");
    return;
  }
  const processes: unknown[] = [];
  const hprof = join(root, "samples/hybrid/service/app/HybridApp.hprof.gz");
  if (existsSync(hprof)) processes.push({ name: "app", runtime: "java", inputs: [hprof] });
  for (let i = 0; i < profiles; i++) {
    const out = join(work, `gw${i}.pb.gz`);
    spawnSync(bin, ["-depth", String(depth), "-out", out], { stdio: "inherit" });
    processes.push({ name: `gw${i}`, runtime: "go", inputs: [out] });
  }
  const manifest = join(work, "manifest.json");
  writeFileSync(manifest, JSON.stringify({ service: "bench", processes }));
  console.log(`inputs: ${existsSync(hprof) ? "sample HPROF + " : ""}${profiles} Go profiles of 2^${depth} stacks (${work})`);
  for (let r = 0; r < rounds; r++) {
    for (const mode of ["off", "on"]) {
      spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), `--child=${manifest},${mode}`], { stdio: "inherit" });
    }
  }
}

await main();
