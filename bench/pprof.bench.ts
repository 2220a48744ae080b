// Go heap profile benchmark: a profile with 2^19 distinct stacks at MemProfileRate=1
// (≈ 1.57M samples, ≈ 61 MB uncompressed), written by bench/go/deepstacks under os.tmpdir() on
// first use (about a minute), then: load (gunzip, decode, calling-context tree), dominators, and
// for comparison `go tool pprof -top` on the same file. Targets: load + dominators ≤ 2.5 s, peak
// RSS ≤ 800 MB (on an idle machine; the CPU column is the fairer figure on a shared one).
// Usage: node --import tsx bench/pprof.bench.ts [--no-pprof] [--depth=19]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadOne } from "../src/load.ts";
import { cpuMs, line as rowLine, phasePrinter } from "./support.ts";

const here = dirname(fileURLToPath(import.meta.url));
const line = (name: string, wall: number, cpu: number) => rowLine(name, wall, cpu, 30);
const depth = Number(process.argv.find((a) => a.startsWith("--depth="))?.slice(8) ?? 19);
const work = join(tmpdir(), "heaplens-bench-pprof");
const profile = join(work, `deepstacks-${depth}.pb.gz`);

function ensureProfile(): void {
  if (existsSync(profile)) return;
  mkdirSync(work, { recursive: true });
  const bin = join(work, "deepstacks");
  const t0 = performance.now();
  let r = spawnSync("go", ["build", "-trimpath", "-o", bin, "."], { cwd: join(here, "go", "deepstacks"), stdio: "inherit" });
  if (r.status !== 0) throw new Error("go build failed (is Go installed?)");
  r = spawnSync(bin, ["-out", profile, "-depth", String(depth)], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("deepstacks failed");
  console.log(`generated ${profile} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

ensureProfile();
console.log(`profile: ${profile} (${(statSync(profile).size / 1e6).toFixed(1)} MB gzip)`);
const t0 = performance.now();
const c0 = cpuMs();
const g = await loadOne({ file: profile }, { progress: phasePrinter(30) });
const loadWall = performance.now() - t0;
const loadCpu = cpuMs() - c0;
console.log(line("load (total)", loadWall, loadCpu));
const meta = g.inputs[0].meta;
console.log(`  ${meta.samples} samples, ${g.nodeCount} nodes, inuse_space ${(meta.totals as Record<string, number>).inuse_space} B`);

let domWall = 0;
let domCpu = 0;
const domModule = join(here, "../src/analysis/dominators.ts");
if (existsSync(domModule)) {
  const { computeDominators } = await import("../src/analysis/dominators.ts");
  const t1 = performance.now();
  const c1 = cpuMs();
  const d = computeDominators(g);
  domWall = performance.now() - t1;
  domCpu = cpuMs() - c1;
  console.log(line("dominators", domWall, domCpu));
  console.log(`  profile root retains ${d.retained[0]} B`);
}
console.log(line("heaplens load + dominators", loadWall + domWall, loadCpu + domCpu));

if (!process.argv.includes("--no-pprof")) {
  const time = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "%e s wall, %M KB peak RSS"] : [];
  const t2 = performance.now();
  const cmd = [...time, "go", "tool", "pprof", "-top", "-nodecount=10", profile];
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wall = performance.now() - t2;
  const measured = (r.stderr ?? "").split("\n").filter((l) => /peak RSS/.test(l)).pop();
  console.log(`go tool pprof -top               ${wall.toFixed(0).padStart(6)} ms wall   ${measured ?? ""}${r.status === 0 ? "" : ` (exit ${r.status})`}`);
}
