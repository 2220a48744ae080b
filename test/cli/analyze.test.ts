import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { heaplens } from "../helpers/cli.ts";
import { samplePath } from "../helpers/paths.ts";

const dump = samplePath("java", "CoreObjects.hprof.gz");
/** Facts the sample program printed about the heap it built (FACT key=value lines). */
const facts = Object.fromEntries(
  readFileSync(samplePath("java", "CoreObjects.out.txt"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("FACT "))
    .map((l) => l.slice(5).split(/=(.*)/s).slice(0, 2)),
);

describe("heaplens analyze on a real JDK dump", () => {
  const r = heaplens(["analyze", dump, "--json", "--top", "5"]);
  const report = JSON.parse(r.stdout);

  it("exits 0 with schemaVersion 1 JSON", () => {
    expect(r.code).toBe(0);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool.name).toBe("heaplens");
    expect(report.inputs).toHaveLength(1);
    expect(report.inputs[0]).toMatchObject({ file: dump, format: "hprof", language: "java" });
  });

  it("summary numbers are consistent", () => {
    const s = report.summary;
    for (const k of ["objects", "shallowBytes", "roots", "unreachableObjects", "unreachableBytes"]) expect(typeof s[k]).toBe("number");
    expect(s.objects).toBeGreaterThan(10_000);
    expect(s.reachableBytes + s.unreachableBytes).toBe(s.shallowBytes);
  });

  it("--threads on (a second thread) and off give the same report, and the process exits", () => {
    const on = heaplens(["analyze", dump, "--json", "--top", "5", "--threads", "on"]);
    const off = heaplens(["analyze", dump, "--json", "--top", "5", "--threads", "off"]);
    expect(on.code).toBe(0);
    expect(off.code).toBe(0);
    const same = (j: { generatedAt?: string }) => ({ ...j, generatedAt: "" });
    expect(same(JSON.parse(on.stdout))).toEqual(same(report));
    expect(same(JSON.parse(off.stdout))).toEqual(same(report));
    expect(heaplens(["analyze", dump, "--threads", "sometimes"]).code).toBe(2);
  });

  it("--top caps every list; a large N returns every type", () => {
    expect(report.histogram).toHaveLength(5);
    expect(report.dominators).toHaveLength(5);
    const all = JSON.parse(heaplens(["analyze", dump, "--json", "--top", "1000000"]).stdout);
    const entries = all.histogram.find((h: { type: string }) => h.type === "CoreObjects$CacheEntry");
    expect(entries.count).toBe(Number(facts["count.CoreObjects$CacheEntry"]));
    const nodes = all.histogram.find((h: { type: string }) => h.type === "CoreObjects$TreeNode");
    expect(nodes.count).toBe(Number(facts["count.CoreObjects$TreeNode"]));
    expect(all.histogram.length).toBeGreaterThan(400);
  });

  it("text output names the largest retainers", () => {
    const t = heaplens(["analyze", dump, "--top", "3"]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/Largest retainers/);
    expect(t.stdout).toMatch(/Top types by retained size/);
  });
});

describe("heaplens paths", () => {
  it("Class.staticField: the path ends with the static holding the HashMap the program built", () => {
    const r = heaplens(["paths", dump, "CoreObjects.CACHE", "--json"]);
    expect(r.code).toBe(0);
    const [t] = JSON.parse(r.stdout).targets;
    expect(t.type).toBe("java.util.HashMap");
    const last = t.path[t.path.length - 1];
    expect(last.via).toBe("CACHE");
    expect(t.path[t.path.length - 2].type).toBe("class CoreObjects");
    expect(t.path[0].root).toBeTruthy();
    expect(t.id).toMatch(/^0x[0-9a-f]+$/);
  });

  it("a class selector (also in Java source spelling) gives its largest instances; an id selector finds the same object", () => {
    const r = heaplens(["paths", dump, "CoreObjects.TreeNode", "--limit", "2", "--json"]);
    const targets = JSON.parse(r.stdout).targets;
    expect(targets).toHaveLength(2);
    expect(targets[0].type).toBe("CoreObjects$TreeNode");
    expect(targets[0].retainedBytes).toBeGreaterThanOrEqual(targets[1].retainedBytes);
    const byId = JSON.parse(heaplens(["paths", dump, targets[0].id, "--json"]).stdout).targets[0];
    expect(byId.path).toEqual(targets[0].path);
  });

  it("an unknown selector exits 2 and says what to try", () => {
    const r = heaplens(["paths", dump, "no.such.Thing"]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/nothing matches/);
  });
});

describe("heaplens dominators", () => {
  it("prints the tree with children no larger than their parent", () => {
    const r = heaplens(["dominators", dump, "--depth", "2", "--limit", "3", "--json"]);
    expect(r.code).toBe(0);
    const tree = JSON.parse(r.stdout).tree;
    expect(tree.children.length).toBeLessThanOrEqual(3);
    for (const c of tree.children) {
      expect(c.retainedBytes).toBeLessThanOrEqual(tree.retainedBytes);
      for (const cc of c.children) expect(cc.retainedBytes).toBeLessThanOrEqual(c.retainedBytes);
    }
    const text = heaplens(["dominators", dump, "--depth", "1", "--limit", "2"]);
    expect(text.stdout.split("\n").filter(Boolean).length).toBe(3);
  });
});
