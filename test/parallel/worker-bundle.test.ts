import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { bundledWorker } from "../../src/parallel/worker-bundle.ts";

const run = (file: string) =>
  new Promise<unknown>((resolve, reject) => {
    const w = new Worker(file);
    w.once("message", (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once("error", reject);
  });

describe("bundledWorker", () => {
  const pkg = mkdtempSync(join(tmpdir(), "heaplens-bundle-"));
  afterAll(() => rmSync(pkg, { recursive: true, force: true }));
  mkdirSync(join(pkg, "src"));
  writeFileSync(join(pkg, "package.json"), "{}");
  const entry = join(pkg, "src", "worker.ts");
  writeFileSync(entry, 'import { parentPort } from "node:worker_threads";\nimport { answer } from "./answer.ts";\nparentPort!.postMessage(answer satisfies number);\n');
  writeFileSync(join(pkg, "src", "answer.ts"), "export const answer: number = 41;\n");

  it("bundles a TypeScript worker into one JavaScript file, reused while the sources stay the same", async () => {
    const file = bundledWorker(entry)!;
    expect(file).toMatch(/node_modules\/\.cache\/heaplens\/worker-[0-9a-f]{16}\.mjs$/);
    expect(await run(file)).toBe(41);
    expect(bundledWorker(entry)).toBe(file);
  });

  it("builds a new bundle when a source file changes, and removes the old one", async () => {
    const old = bundledWorker(entry)!;
    writeFileSync(join(pkg, "src", "answer.ts"), "export const answer: number = 42; // changed\n");
    const file = bundledWorker(entry)!;
    expect(file).not.toBe(old);
    expect(existsSync(old)).toBe(false);
    expect(readdirSync(join(pkg, "node_modules", ".cache", "heaplens"))).toEqual([file.slice(file.lastIndexOf("/") + 1)]);
    expect(await run(file)).toBe(42);
  });

  it("gives up (the caller boots through tsx) when the module is not in a package's src or does not build", () => {
    const stray = join(pkg, "stray.ts");
    writeFileSync(stray, "export {};\n");
    expect(bundledWorker(stray)).toBeUndefined();
    const broken = join(pkg, "src", "broken.ts");
    writeFileSync(broken, 'import "./missing.ts";\n');
    expect(bundledWorker(broken)).toBeUndefined();
  });
});
