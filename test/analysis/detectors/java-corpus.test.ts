// Java detectors on real third-party dumps (../shared/corpus, read in place): they must run on every
// JVM and Android HPROF without failing, and stay quiet where there is no leak pattern — the JDK's own
// Cleaner registrations, Android's built-in class loaders, JDK types as "class groups".
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DETECTORS } from "../../../src/analysis/detectors/index.ts";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { computePaths } from "../../../src/analysis/paths.ts";
import { loadOne } from "../../../src/load.ts";
import { corpusPath, hasCorpus } from "../../helpers/paths.ts";

const JAVA = DETECTORS.filter((d) => d.language === "java");
const files = hasCorpus
  ? ["hprof-jvm", "hprof-android"].flatMap((dir) => readdirSync(corpusPath(dir)).filter((f) => /\.hprof(\.gz)?$/.test(f)).map((f) => corpusPath(dir, f)))
  : [];

async function findings(file: string) {
  const graph = await loadOne({ file });
  const ctx = { graph, dominators: computeDominators(graph, STRONG), paths: computePaths(graph, STRONG), mask: STRONG, minBytes: 0 };
  return JAVA.flatMap((d) => d.run(ctx));
}

describe.skipIf(!hasCorpus)("Java detectors on the real-world HPROF corpus", () => {
  for (const file of files) {
    const name = file.split("/").pop()!;
    it(`${name}: runs every Java detector`, async () => {
      const found = await findings(file);
      if (name === "mat-openjdk-jdk11-04-x64.hprof.gz") {
        // MAT's own test program keeps one large test structure in main's frame: a fair suspect, and the only finding.
        // The suspect is the test-data object; the memory accumulates in its Collection[] of test collections.
        expect(found.map((f) => `${f.detector} ${f.subject.type}`)).toEqual(["java.suspect java.util.Collection[]"]);
        expect((found[0].evidence.suspect as { type: string }).type).toBe("org.eclipse.mat.tests.CreateCollectionDump$NonListCollectionTestData");
        expect(found[0].path[0].root).toMatch(/^java-frame main/);
      } else {
        expect(found.map((f) => f.title)).toEqual([]);
      }
    });
  }
});
