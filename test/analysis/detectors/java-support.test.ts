// freedIfRemoved (the exact "bytes freed if these objects were gone" behind most Java findings)
// against brute-force reachability on a real dump, for random object sets, with and without a
// followed bucket-chain label; and rootPathAvoiding's paths really avoid what they must.
import { describe, expect, it } from "vitest";
import { freedIfRemoved, labelId, rootPathAvoiding } from "../../../src/analysis/detectors/java-support.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { NO_NODE } from "../../../src/analysis/types.ts";
import { mulberry32 } from "../../fixtures/random-graph.ts";
import { analyzed, bruteFreed, hasSample, staticOf, weakMapEntries } from "./java-fixture.ts";

const PROGRAM = "DetectorWeakHashMaps";

describe.skipIf(!hasSample("java", PROGRAM))("freedIfRemoved on a real dump", () => {
  it("equals brute-force reachability for random sets of objects", async () => {
    const { graph, dominators } = await analyzed("java", PROGRAM);
    const rnd = mulberry32(4);
    const reachable: number[] = [];
    for (let v = 0; v < graph.nodeCount; v++) if (dominators.idom[v] !== NO_NODE) reachable.push(v);
    for (let round = 0; round < 25; round++) {
      const size = 1 + Math.floor(rnd() * 4);
      const set: number[] = [];
      for (let i = 0; i < size; i++) set.push(reachable[Math.floor(rnd() * reachable.length)]);
      const freed = freedIfRemoved(graph, dominators, STRONG, set);
      expect(freed.estimated).toBe(false);
      expect(freed.bytes, `set ${set.map((v) => graph.nodeName(v)).join(", ")}`).toBe(bruteFreed(graph, set));
    }
  });

  it("keeps a WeakHashMap bucket chain alive through removed entries", async () => {
    const { graph, dominators } = await analyzed("java", PROGRAM);
    const next = labelId(graph, "next");
    for (const field of ["CALLBACKS", "STALE", "PINNED_BY_STATIC"]) {
      const entries = weakMapEntries(graph, staticOf(graph, "DetectorWeakHashMaps", field)).map((e) => e.entry);
      for (let i = 0; i < entries.length; i++) {
        const some = entries.filter((_, j) => j % (i + 2) === 0);
        expect(freedIfRemoved(graph, dominators, STRONG, some, next).bytes).toBe(bruteFreed(graph, some, "next"));
      }
    }
  });
});

describe.skipIf(!hasSample("java", PROGRAM))("rootPathAvoiding", () => {
  it("returns a real strong path from a root that avoids the forbidden objects", async () => {
    const { graph, paths } = await analyzed("java", PROGRAM);
    const map = staticOf(graph, "DetectorWeakHashMaps", "PINNED_BY_STATIC");
    const entries = weakMapEntries(graph, map);
    const forbidden = new Set<number>([map, ...entries.map((e) => e.entry)]);
    for (const { value } of entries) {
      const chain = rootPathAvoiding(graph, paths, value, forbidden, STRONG)!;
      expect(chain.nodes.at(-1)).toBe(value);
      expect(graph.rootNode.includes(chain.nodes[0])).toBe(true);
      for (let i = 1; i < chain.nodes.length; i++) {
        expect(forbidden.has(chain.nodes[i])).toBe(false);
        const e = chain.edges[i];
        expect(graph.edgeTo[e]).toBe(chain.nodes[i]);
        expect(e >= graph.edgeStart[chain.nodes[i - 1]] && e < graph.edgeStart[chain.nodes[i - 1] + 1]).toBe(true);
        expect(STRONG[graph.edgeKind[e]]).toBe(1);
      }
    }
    // a value only the map holds has no such path
    const callbacks = staticOf(graph, "DetectorWeakHashMaps", "CALLBACKS");
    const cb = weakMapEntries(graph, callbacks);
    const cbForbidden = new Set<number>([callbacks, ...cb.map((e) => e.entry)]);
    expect(rootPathAvoiding(graph, paths, cb[0].value, cbForbidden, STRONG)).toBeUndefined();
  });
});
