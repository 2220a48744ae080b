import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { heaplens } from "../helpers/cli.ts";
import { samplePath } from "../helpers/paths.ts";

const dir = mkdtempSync(join(tmpdir(), "heaplens-audit-cli-"));
const MANIFEST = samplePath("hybrid", "service", "manifest.json");
const app = samplePath("hybrid", "service", "app", "HybridApp.hprof.gz");
const gateway = samplePath("hybrid", "service", "gateway", "heap.pb.gz");
const gatewayBase = samplePath("hybrid", "service", "gateway", "heap-before.pb.gz");
const sidecar = samplePath("hybrid", "service", "sidecar", "heapdump.gz");

let auditJson: string | undefined;

function manifest(name: string, body: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof body === "string" ? body : JSON.stringify(body));
  return p;
}

describe("heaplens audit", () => {
  it("text summary, HTML and JSON with the service overview; --fail-on high exits 1", () => {
    const html = join(dir, "audit.html");
    const r = heaplens(["audit", MANIFEST, "-o", html, "--fail-on", "high"]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Service checkout: 3 processes audited/);
    expect(r.stdout).toMatch(/app\s+java\s+hprof/);
    expect(r.stdout).toMatch(/Cross-language retention/);
    expect(r.stdout).toMatch(/HybridApp\$SessionState objects held only by JNI global references/);
    expect(existsSync(html)).toBe(true);
    const page = readFileSync(html, "utf8");
    expect(page).toContain("checkout");
    expect(page).toContain("hybrid.jni-global-roots");
    // The page embeds the service overview for its Overview tab.
    expect(page).toMatch(/"processes":\[\{"name":"app"/);
    expect(page).toMatch(/"crossLanguage":\[\{/);

    const j = heaplens(["audit", MANIFEST, "--json"]);
    expect(j.code).toBe(0);
    auditJson = j.stdout;
    const report = JSON.parse(j.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.processes.map((p: { name: string }) => p.name)).toEqual(["app", "gateway", "sidecar"]);
    expect(report.crossLanguage.length).toBeGreaterThan(0);
    expect(report.findings.every((f: { process?: string }) => typeof f.process === "string")).toBe(true);
  }, 120_000);

  it("per-process numbers equal `analyze` of the process's own inputs", () => {
    const audit = JSON.parse(auditJson ?? heaplens(["audit", MANIFEST, "--json"]).stdout);
    const runs: [string, string[]][] = [["app", [app]], ["gateway", [gateway, "--base", gatewayBase]], ["sidecar", [sidecar]]];
    for (const [name, args] of runs) {
      const single = JSON.parse(heaplens(["analyze", ...args, "--json"]).stdout);
      const p = audit.processes.find((x: { name: string }) => x.name === name);
      expect([p.objects, p.shallowBytes, p.reachableBytes], name).toEqual([single.summary.objects, single.summary.shallowBytes, single.summary.reachableBytes]);
      const sig = (fs: { signature: string; retainedBytes: number }[]) => fs.map((f) => `${f.signature} ${f.retainedBytes}`).sort();
      expect(sig(audit.findings.filter((f: { process: string }) => f.process === name)), name).toEqual(sig(single.findings));
    }
  }, 240_000);

  it("baseline: --write-baseline records signatures; a later run (another dump of the same code) passes the gate", () => {
    const baseline = join(dir, "baseline.json");
    const w = heaplens(["audit", MANIFEST, "--write-baseline", baseline, "--fail-on", "high"]);
    expect(w.code).toBe(1);
    const written = JSON.parse(readFileSync(baseline, "utf8"));
    expect(written.signatures.some((s: { detector: string }) => s.detector === "hybrid.jni-global-roots")).toBe(true);
    const rerun = manifest("rerun.json", {
      service: "checkout",
      processes: [
        { name: "app", runtime: "java", inputs: [samplePath("hybrid", "rerun", "app", "HybridApp.hprof.gz")] },
        { name: "gateway", runtime: "go", inputs: [gateway], base: [gatewayBase] },
        { name: "sidecar", runtime: "go", inputs: [sidecar] },
      ],
    });
    const again = heaplens(["audit", rerun, "--baseline", baseline, "--fail-on", "high"]);
    expect(again.stderr).not.toMatch(/internal error/);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/suppressed by baseline/);
  }, 240_000);

  it("invalid JSON manifest: exit 2, one line naming the file and position", () => {
    const p = manifest("broken.json", '{ "service": "x",\n  "processes": [ { "name": "a" ]\n}');
    const r = heaplens(["audit", p]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(p);
    expect(lines[0]).toMatch(/line 2, column \d+/);
  });

  it("bad entries are skipped and reported; the remaining processes are audited", () => {
    const garbage = join(dir, "garbage.hprof");
    writeFileSync(garbage, "JAVA PROFILE 1.0.2\0\0\0\0\x08 this is not a heap dump at all");
    const p = manifest("bad.json", {
      service: "partial",
      processes: [
        { name: "app", runtime: "java", inputs: [app] },
        { name: "ghost", runtime: "go", inputs: ["does-not-exist.pb.gz"] },
        { name: "perl", runtime: "perl", inputs: [gateway] },
        { name: "app", runtime: "go", inputs: [gateway] },
        { name: "broken", runtime: "java", inputs: [garbage] },
        { name: "mismatch", runtime: "java", inputs: [sidecar] },
        { name: "sidecar", runtime: "go", inputs: [sidecar] },
      ],
    });
    const r = heaplens(["audit", p, "--json"]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.processes.map((x: { name: string }) => x.name)).toEqual(["app", "sidecar"]);
    const skipped = report.skipped.map((s: { entry: string; reason: string }) => `${s.entry}: ${s.reason}`).join("\n");
    expect(skipped).toMatch(/"ghost" inputs\[0\] does-not-exist\.pb\.gz: file not found/);
    expect(skipped).toMatch(/"perl": unknown runtime "perl"/);
    expect(skipped).toMatch(/processes\[3\] "app": duplicate process name/);
    expect(skipped).toMatch(/"broken" inputs\[0\] .*garbage\.hprof: .*garbage\.hprof/);
    expect(skipped).toMatch(/"mismatch" inputs\[0\] .*: process "mismatch" has runtime java, but this file is Go evidence \(godump\)/);
    for (const name of ["ghost", "perl", "broken", "mismatch"]) expect(r.stderr).toContain(`"${name}"`);
  }, 120_000);

  it("nothing loadable: exit 2", () => {
    const p = manifest("none.json", { processes: [{ name: "x", runtime: "go", inputs: ["missing.pb.gz"] }] });
    const r = heaplens(["audit", p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing to audit/);
  });
});
