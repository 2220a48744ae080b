import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseElfSymbols, readElfSymbols } from "../../../src/formats/elf/index.ts";
import { InputError } from "../../../src/io/errors.ts";
import { MemorySource } from "../../../src/io/source.ts";
import { ROOT } from "../../helpers/paths.ts";

interface Sym { name: string; value: number; size: number; type: number }

/** A minimal ELF file: header, .strtab, .symtab and a section header table (no program headers). */
function elf(is64: boolean, le: boolean, syms: Sym[], withSymtab = true): Uint8Array {
  const ehsize = is64 ? 64 : 52, shentsize = is64 ? 64 : 40, entsize = is64 ? 24 : 16;
  const strs = [0];
  const nameOff: number[] = [];
  for (const s of syms) {
    nameOff.push(strs.length);
    for (const c of s.name) strs.push(c.charCodeAt(0));
    strs.push(0);
  }
  const strOff = ehsize, symOff = strOff + strs.length + ((8 - ((strOff + strs.length) % 8)) % 8);
  const symSize = entsize * (syms.length + 1);
  const shoff = symOff + symSize;
  const nsec = withSymtab ? 3 : 2;
  const buf = new Uint8Array(shoff + shentsize * nsec);
  const v = new DataView(buf.buffer);
  buf.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1]);
  v.setUint16(16, 2, le); // ET_EXEC
  if (is64) {
    v.setUint32(0x28 + (le ? 0 : 4), shoff, le);
    v.setUint16(0x3a, shentsize, le);
    v.setUint16(0x3c, nsec, le);
  } else {
    v.setUint32(0x20, shoff, le);
    v.setUint16(0x2e, shentsize, le);
    v.setUint16(0x30, nsec, le);
  }
  buf.set(strs, strOff);
  syms.forEach((s, i) => {
    const o = symOff + entsize * (i + 1);
    v.setUint32(o, nameOff[i], le);
    if (is64) {
      v.setUint8(o + 4, (1 << 4) | s.type);
      v.setUint32(o + 8 + (le ? 0 : 4), s.value, le);
      v.setUint32(o + 16 + (le ? 0 : 4), s.size, le);
    } else {
      v.setUint32(o + 4, s.value, le);
      v.setUint32(o + 8, s.size, le);
      v.setUint8(o + 12, (1 << 4) | s.type);
    }
  });
  const sec = (i: number, type: number, off: number, size: number, link: number, ent: number) => {
    const o = shoff + shentsize * i;
    v.setUint32(o + 4, type, le);
    if (is64) {
      v.setUint32(o + 0x18 + (le ? 0 : 4), off, le);
      v.setUint32(o + 0x20 + (le ? 0 : 4), size, le);
      v.setUint32(o + 0x28, link, le);
      v.setUint32(o + 0x38 + (le ? 0 : 4), ent, le);
    } else {
      v.setUint32(o + 0x10, off, le);
      v.setUint32(o + 0x14, size, le);
      v.setUint32(o + 0x18, link, le);
      v.setUint32(o + 0x24, ent, le);
    }
  };
  sec(1, 3, strOff, strs.length, 0, 0); // SHT_STRTAB
  if (withSymtab) sec(2, 2, symOff, symSize, 1, entsize); // SHT_SYMTAB
  return buf;
}

const SYMS: Sym[] = [
  { name: "main.a", value: 0x5000, size: 8, type: 1 },
  { name: "main.fn", value: 0x401000, size: 64, type: 2 }, // STT_FUNC: not a data symbol
  { name: "main.cfg", value: 0x5010, size: 24, type: 1 },
  { name: "runtime.zero", value: 0x5040, size: 0, type: 1 },
];

describe.each([
  [true, true],
  [true, false],
  [false, true],
  [false, false],
])("ELF symbols (64-bit %s, little-endian %s)", (is64, le) => {
  it("lists data symbols and finds the one containing an address", () => {
    const s = parseElfSymbols(new MemorySource(elf(is64, le, SYMS), "prog"));
    expect(s.names).toEqual(["main.a", "main.cfg", "runtime.zero"]);
    expect(s.lookup(0x5000)).toEqual({ name: "main.a", offset: 0 });
    expect(s.lookup(0x5018)).toEqual({ name: "main.cfg", offset: 8 });
    expect(s.lookup(0x5008)).toBeUndefined();
    expect(s.lookup(0x5040)).toEqual({ name: "runtime.zero", offset: 0 });
    expect(s.lookup(0x401000)).toBeUndefined();
  });
});

describe("ELF errors name the binary", () => {
  it("a stripped binary", () => {
    const e = (() => { try { parseElfSymbols(new MemorySource(elf(true, true, SYMS, false), "stripped-prog")); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toMatch(/^stripped-prog: .*stripped/);
  });
  it("not an ELF file", () => {
    const e = (() => { try { parseElfSymbols(new MemorySource(new TextEncoder().encode("#!/bin/sh\necho hello world, this is not ELF at all......\n"), "script.sh")); } catch (x) { return x; } })();
    expect(e).toBeInstanceOf(InputError);
    expect((e as Error).message).toMatch(/^script\.sh: .*not an ELF/);
  });
  it("a missing file", () => {
    expect(() => readElfSymbols(join(tmpdir(), "heaplens-no-such-binary"))).toThrow(InputError);
  });
});

describe("a real Go binary (built with the local go toolchain)", () => {
  let dir: string | undefined;
  beforeAll(() => {
    try {
      execFileSync("go", ["version"], { stdio: "ignore" });
    } catch {
      return;
    }
    dir = mkdtempSync(join(tmpdir(), "heaplens-elf-"));
    const env = { ...process.env, GO111MODULE: "off", GOCACHE: join(dir, "cache") };
    const src = join(ROOT, "samples/go/heapdump");
    execFileSync("go", ["build", "-trimpath", "-o", join(dir, "prog"), "main.go"], { cwd: src, env });
    execFileSync("go", ["build", "-trimpath", "-ldflags=-s", "-o", join(dir, "prog-stripped"), "main.go"], { cwd: src, env });
    writeFileSync(join(dir, "nm.txt"), execFileSync("go", ["tool", "nm", join(dir, "prog")], { env }));
  }, 180_000);

  it("agrees with go tool nm on the globals' addresses", async (t) => {
    if (!dir) return t.skip("go toolchain not available");
    const nm = (await import("node:fs")).readFileSync(join(dir, "nm.txt"), "utf8");
    const s = readElfSymbols(join(dir, "prog"));
    for (const name of ["main.big", "main.small", "main.handler", "main.res"]) {
      const m = new RegExp(`^\\s*([0-9a-f]+) [DdBb] ${name.replace(".", "\\.")}$`, "m").exec(nm);
      expect(m, name).not.toBeNull();
      expect(s.lookup(parseInt(m![1], 16))).toEqual({ name, offset: 0 });
    }
  });

  it("refuses the -s stripped build with a clear error", (t) => {
    if (!dir) return t.skip("go toolchain not available");
    expect(() => readElfSymbols(join(dir!, "prog-stripped"))).toThrow(/prog-stripped: .*stripped/);
  });
});
