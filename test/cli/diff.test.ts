import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { heaplens } from "../helpers/cli.ts";
import { samplePath } from "../helpers/paths.ts";

const dir = samplePath("go", "profiles", "mapretain", "rate1");

/** `go tool pprof -top -diff_base` rows: function → [flat, cum] in bytes. */
function pprofDiffTop(file: string): Map<string, [number, number]> {
  const rows = new Map<string, [number, number]>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^\s*(-?\d+)B\s+\S+\s+\S+\s+(-?\d+)B\s+\S+\s+(.+)$/);
    if (m) rows.set(m[3].trim(), [Number(m[1]), Number(m[2])]);
  }
  return rows;
}

describe("heaplens diff", () => {
  it("Go profiles: per-function flat and cum deltas equal go tool pprof -diff_base", () => {
    const r = heaplens(["diff", `${dir}/heap-before.pb.gz`, `${dir}/heap.pb.gz`, "--json", "--top", "1000"]);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.mode).toBe("profile");
    expect(d.sampleType).toBe("inuse_space");
    const truth = pprofDiffTop(`${dir}/heap.pb.gz.diff-top.inuse_space`);
    expect(truth.size).toBeGreaterThan(3);
    const ours = new Map<string, { delta: number; deltaCum: number }>(d.functions.map((f: { name: string; delta: number; deltaCum: number }) => [f.name, f]));
    for (const [name, [flat, cum]] of truth) {
      expect(ours.get(name)?.delta, name).toBe(flat);
      expect(ours.get(name)?.deltaCum, name).toBe(cum);
    }
    // The text view leads with the function whose memory fell the most.
    const text = heaplens(["diff", `${dir}/heap-before.pb.gz`, `${dir}/heap.pb.gz`, "--top", "3"]);
    expect(text.stdout).toMatch(/By function:\n.*\nmain\.fill/);
  });

  it("two HPROF dumps: per-class deltas; identical input gives no differences", () => {
    const a = samplePath("java", "CoreObjects.hprof.gz");
    const same = heaplens(["diff", a, a, "--json"]);
    expect(same.code).toBe(0);
    const d = JSON.parse(same.stdout);
    expect(d.mode).toBe("class");
    expect(d.classes).toEqual([]);
    const b = samplePath("java", "DetectorWeakHashMaps.hprof.gz");
    const other = JSON.parse(heaplens(["diff", a, b, "--json", "--top", "100000"]).stdout);
    const entry = other.classes.find((c: { name: string }) => c.name === "CoreObjects$CacheEntry");
    expect(entry).toMatchObject({ baseObjects: 100, currentObjects: 0, deltaObjects: -100 });
  });
});

describe("analyze --base", () => {
  it("embeds the diff in the report (the same deltas as go tool pprof -diff_base)", () => {
    const r = heaplens(["analyze", `${dir}/heap.pb.gz`, "--base", `${dir}/heap-before.pb.gz`, "--json", "--top", "50"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const truth = pprofDiffTop(`${dir}/heap.pb.gz.diff-top.inuse_space`);
    const fill = report.diff.find((e: { kind: string; key: string }) => e.kind === "function" && e.key === "main.fill");
    expect(fill.delta).toBe(truth.get("main.fill")![0]);
  });
});
