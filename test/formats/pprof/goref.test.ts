// goref-style profiles (reference paths, leaf first, values per node) become retention graphs.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { functionTable } from "../../../src/analysis/profile-histogram.ts";
import { RootKind } from "../../../src/graph/kinds.ts";
import { gorefRootKind } from "../../../src/formats/pprof/goref.ts";
import { loadOne } from "../../../src/load.ts";
import { encodeProfile } from "./proto-writer.ts";

// As goref writes it: strings 0-4 fixed, every later string i is Location i and Function i.
const names = ["main.globalMap", "$mapkey. (string)", "$mapval. (*main.entry)", "name. (string)", "main.main.local", "conn. (net.Conn)"];
const id = (n: string) => 5 + names.indexOf(n);
const path = (...p: string[]) => p.map(id);

function gorefFile(): string {
  const bytes = encodeProfile({
    sampleTypes: [["inuse_objects", "count"], ["inuse_space", "bytes"]],
    strings: ["inuse_objects", "count", "inuse_space", "bytes", ...names],
    samples: [
      { locs: path("main.globalMap"), values: [3, 14483456] },
      { locs: path("$mapkey. (string)", "main.globalMap"), values: [1000, 16000] },
      { locs: path("$mapval. (*main.entry)", "main.globalMap"), values: [1000, 64000] },
      { locs: path("name. (string)", "$mapval. (*main.entry)", "main.globalMap"), values: [500, 8000] },
      { locs: path("conn. (net.Conn)", "main.main.local"), values: [2, 512] },
    ],
    locations: names.map((n) => ({ id: id(n), lines: [[id(n), 0]] as [number, number][] })),
    functions: names.map((n) => ({ id: id(n), name: `#${id(n)}` })),
  });
  const dir = mkdtempSync(join(tmpdir(), "heaplens-goref-"));
  const p = join(dir, "grf.out");
  writeFileSync(p, gzipSync(bytes));
  return p;
}

describe("goref profiles", () => {
  it("names root kinds from variable names", () => {
    expect(gorefRootKind("main.globalMap")).toBe(RootKind.GoData);
    expect(gorefRootKind("github.com/cloudwego/kitex/pkg/loadbalance/lbcache.balancerFactories")).toBe(RootKind.GoData);
    expect(gorefRootKind("main.main.localString")).toBe(RootKind.GoOther);
    expect(gorefRootKind("github.com/cloudwego/kitex/client.invokeHandleEndpoint.func1.sendMsg")).toBe(RootKind.GoOther);
    expect(gorefRootKind("bss segment[3]")).toBe(RootKind.GoBss);
  });

  it("builds reference paths from root variables with per-node values", async () => {
    const g = await loadOne({ file: gorefFile() });
    expect(g.inputs[0].meta.format).toBe("goref");
    expect(g.rootCount).toBe(2);
    const byName = (n: string) => g.typesNamed(n).map((t) => g.type.indexOf(t))[0];
    const map = byName("main.globalMap");
    const local = byName("main.main.local");
    const roots = Array.from(g.rootNode);
    expect(g.rootKind[roots.indexOf(map)]).toBe(RootKind.GoData);
    expect(g.rootKind[roots.indexOf(local)]).toBe(RootKind.GoOther);
    expect(g.shallow[map]).toBe(14483456);
    const val = byName("$mapval. (*main.entry)");
    const e = g.edgeStart[map];
    expect(Array.from(g.edgeTo.subarray(e, g.edgeStart[map + 1]))).toContain(val);
    // Edge labels are the field names.
    const labels = Array.from({ length: g.edgeCount }, (_, i) => g.edgeLabelText(i));
    expect(labels).toContain("$mapval");
    expect(labels).toContain("name");
    const d = computeDominators(g);
    expect(d.retained[map]).toBe(14483456 + 16000 + 64000 + 8000);
    expect(d.retainedCount[map]).toBe(3 + 1000 + 1000 + 500);
    const ft = functionTable(g, 0);
    expect(ft.rows.find((r) => r.function === "main.globalMap")!.cum).toBe(14483456 + 16000 + 64000 + 8000);
    expect(ft.total).toBe(14483456 + 16000 + 64000 + 8000 + 512);
  });
});
