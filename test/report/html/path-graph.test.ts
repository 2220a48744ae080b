import { describe, expect, it } from "vitest";
import { buildPathGraph, mergeFindingPaths } from "../../../src/report/html/path-graph.ts";
import { fixtureFindings } from "../../fixtures/report-fixture.ts";
import type { Finding } from "../../../src/analysis/detectors/types.ts";

function finding(ids: string[], bytes: number, via = "f"): Finding {
  return {
    detector: "t", severity: "high", language: "java", title: ids.join(">"), explanation: "", advice: "", signature: ids.join(),
    subject: { id: ids[ids.length - 1], type: "T" }, count: 1, retainedBytes: bytes, evidence: {},
    path: ids.map((id, i) => ({ id, type: "T" + id, via: i ? via + id : "", ...(i === 0 ? { root: "sticky-class" } : {}) })),
  };
}

describe("mergeFindingPaths", () => {
  it("draws a shared prefix once and branches below it", () => {
    const fs = fixtureFindings();
    const m = mergeFindingPaths(fs);
    const registry = m.nodes.filter((n) => n.id === "0x7f0001000" && n.seeAlso === undefined);
    expect(registry).toHaveLength(1);
    const table = m.nodes.find((n) => n.id === "0x7f0003000")!;
    expect(table.findings).toEqual([0, 2]);
    expect(table.children.map((c) => m.nodes[c].via).sort()).toEqual(["[12]", "[40]"]);
    expect(m.related[0]).toEqual([2]);
    expect(m.related[2]).toEqual([0]);
    expect(m.related[1]).toEqual([]);
    expect(m.sharedObjects).toBe(3);
    // Findings 0 and 2 share the path as far as the entry table (step 2); the others share nothing.
    expect(m.sharedUpTo).toEqual([2, -1, 2, -1, -1, -1]);
    // Every finding's subject is drawn and marked.
    fs.forEach((_f, i) => expect(m.nodes.some((n) => n.subjectOf.includes(i))).toBe(true));
  });

  it("orders roots and branches by retained bytes, largest first", () => {
    const m = mergeFindingPaths([finding(["a", "b", "c"], 10), finding(["a", "b", "d"], 500), finding(["x", "y"], 100)]);
    expect(m.roots.map((r) => m.nodes[r].id)).toEqual(["a", "x"]);
    const b = m.nodes.find((n) => n.id === "b")!;
    expect(b.children.map((c) => m.nodes[c].id)).toEqual(["d", "c"]);
  });

  it("turns a second route to the same object, and cycles across findings, into stubs", () => {
    const m = mergeFindingPaths([finding(["r", "a", "s"], 10), finding(["r", "b", "s"], 5), finding(["p", "q"], 3), finding(["q", "p"], 2)]);
    const s = m.nodes.filter((n) => n.id === "s");
    expect(s).toHaveLength(2);
    expect(s.filter((n) => n.seeAlso !== undefined)).toHaveLength(1);
    // p <-> q has no source: still drawn, once each plus one stub.
    expect(m.nodes.filter((n) => n.id === "p" || n.id === "q").length).toBe(3);
  });

  it("builds the graphology graph with via labels on edges", () => {
    const g = buildPathGraph([finding(["a", "b"], 1, "field_")]);
    expect(g.order).toBe(2);
    expect(g.size).toBe(1);
    const e = g.edges()[0];
    expect(g.getEdgeAttribute(e, "via")).toBe("field_b");
  });

  it("keys steps without an address by their path prefix", () => {
    const f = finding(["", "", ""], 1);
    const m = mergeFindingPaths([f, f]);
    expect(m.nodes).toHaveLength(3);
  });
});
