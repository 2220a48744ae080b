// A worker thread started from the TypeScript sources would register tsx's loader in its own
// isolate, which costs ~300 ms of CPU (measured: 240 ms wall against 46 ms for plain JS), taken
// from the main thread's parse of the dump on two cores. So the worker's module graph is bundled
// into one JavaScript file once per source version, cached next to heaplens.
import { buildSync } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const CACHE_DIR = ["node_modules", ".cache", "heaplens"];

/**
 * The path of a bundle of `entry` (a .ts module under the package's src/), built now when the
 * sources changed since the last one; undefined when it cannot be built or written (then the
 * caller boots through tsx).
 */
export function bundledWorker(entry: string): string | undefined {
  try {
    const src = srcRoot(entry);
    if (!src) return undefined;
    const root = dirname(src);
    const dir = join(root, ...CACHE_DIR);
    const prefix = `${basename(entry, ".ts")}-`;
    const name = `${prefix}${sourceHash(src)}.mjs`;
    const file = join(dir, name);
    if (existsSync(file)) return file;
    mkdirSync(dir, { recursive: true });
    // Written under a temporary name and renamed: two processes may build at once.
    const tmp = `${file}.${process.pid}.tmp`;
    buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", target: "node20", outfile: tmp, logLevel: "silent" });
    renameSync(tmp, file);
    for (const old of readdirSync(dir)) if (old !== name && old.startsWith(prefix)) rmSync(join(dir, old), { force: true });
    return file;
  } catch {
    return undefined;
  }
}

/** The `src` folder above a module path, or undefined. */
function srcRoot(entry: string): string | undefined {
  let d = dirname(entry);
  while (d !== dirname(d)) {
    if (basename(d) === "src" && existsSync(join(dirname(d), "package.json"))) return d;
    d = dirname(d);
  }
  return undefined;
}

/** Names, sizes and modification times of every source file: changes with any edit. */
function sourceHash(src: string): string {
  const h = createHash("sha1");
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) {
        const s = statSync(p);
        h.update(`${relative(src, p)}\0${s.size}\0${s.mtimeMs}\n`);
      }
    }
  };
  walk(src);
  return h.digest("hex").slice(0, 16);
}

/** `url` as a file path when it is a file: URL of a .ts module. */
export function tsModulePath(url: string): string | undefined {
  return url.startsWith("file:") && url.endsWith(".ts") ? fileURLToPath(url) : undefined;
}
