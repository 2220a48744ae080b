import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { heaplens } from "../helpers/cli.ts";
import { samplePath } from "../helpers/paths.ts";

const dir = samplePath("go", "profiles", "mapretain", "rate1");

/** `go tool pprof -top` rows: function → [flat, cum] bytes, and the total. */
function pprofTop(file: string): { total: number; rows: Map<string, [number, number]> } {
  const text = readFileSync(file, "utf8");
  const total = Number(text.match(/of (\d+)B total/)![1]);
  const rows = new Map<string, [number, number]>();
  for (const line of text.split("\n")) {
    const m = line.match(/^\s*(\d+)B\s+\S+\s+\S+\s+(\d+)B\s+\S+\s+(.+)$/);
    if (m) rows.set(m[3].trim(), [Number(m[1]), Number(m[2])]);
  }
  return { total, rows };
}

describe("heaplens histogram", () => {
  it("Go profile: per-function flat and cum equal go tool pprof -top (default --by function)", () => {
    const r = heaplens(["histogram", `${dir}/heap.pb.gz`, "--json", "--top", "1000"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.by).toBe("function");
    const [t] = out.tables;
    const truth = pprofTop(`${dir}/heap.pb.gz.top.inuse_space`);
    expect(t.total).toBe(truth.total);
    const ours = new Map<string, { flat: number; cum: number }>(t.rows.map((x: { name: string; flat: number; cum: number }) => [x.name, x]));
    for (const [name, [flat, cum]] of truth.rows) {
      expect(ours.get(name)?.flat, name).toBe(flat);
      expect(ours.get(name)?.cum, name).toBe(cum);
    }
  });

  it("--by site names file:line; --by function on a dump is a usage error", () => {
    const r = heaplens(["histogram", `${dir}/heap.pb.gz`, "--by", "site", "--top", "2"]);
    expect(r.stdout).toMatch(/main\.fill \S+main\.go:\d+/);
    const bad = heaplens(["histogram", samplePath("java", "CoreObjects.hprof.gz"), "--by", "function"]);
    expect(bad.code).toBe(2);
  });

  it("Java dump: class rows sorted as asked", () => {
    const r = heaplens(["histogram", samplePath("java", "CoreObjects.hprof.gz"), "--sort", "count", "--top", "5", "--json"]);
    const rows = JSON.parse(r.stdout).histogram;
    expect(rows).toHaveLength(5);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].count).toBeGreaterThanOrEqual(rows[i].count);
  });
});
