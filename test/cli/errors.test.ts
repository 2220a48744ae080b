import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { heaplens } from "../helpers/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "heaplens-cli-"));
const file = (name: string, bytes: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

/** One line on stderr, naming the file; no stack trace. */
function expectOneLineError(stderr: string, path: string) {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(path);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe("bad input and usage exit 2 with one line", () => {
  it("empty file", () => {
    const p = file("empty.hprof", "");
    const r = heaplens(["analyze", p]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, p);
    expect(r.stderr).toMatch(/empty file/);
  });

  it("garbage bytes name the offset and what was expected", () => {
    const p = file("garbage.bin", new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6]));
    const r = heaplens(["analyze", p]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, p);
    expect(r.stderr).toMatch(/byte 0/);
    expect(r.stderr).toMatch(/HPROF/);
  });

  it("a missing file", () => {
    const p = join(dir, "does-not-exist.hprof");
    const r = heaplens(["analyze", p]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, p);
  });

  it("corrupt gzip", () => {
    const p = file("bad.hprof.gz", new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]));
    const r = heaplens(["analyze", p]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, p);
  });

  it("unknown command and missing arguments are usage errors", () => {
    expect(heaplens(["frobnicate"]).code).toBe(2);
    const r = heaplens(["analyze"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/files/);
  });

  it("--help explains the commands", () => {
    const r = heaplens(["--help"]);
    expect(r.code).toBe(0);
    for (const c of ["analyze", "paths", "dominators", "histogram", "report"]) expect(r.stdout).toContain(c);
    const a = heaplens(["analyze", "--help"]);
    expect(a.stdout).toMatch(/--fail-on/);
    expect(a.stdout).toMatch(/--json/);
  });
});
