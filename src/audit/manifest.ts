import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { gunzipSync, constants as zc } from "node:zlib";
import { sniffFormat, type InputFormat, type LoadOptions } from "../formats/index.ts";
import { InputError } from "../io/errors.ts";

/**
 * What `heaplens audit` looks at: a service made of processes, each with a runtime and its heap
 * evidence. Comes from a manifest file or from sniffing a directory. Problems with single entries
 * (missing file, unknown runtime, duplicate name) do not stop the audit: they are collected in
 * `skipped` and the report says so.
 *
 * Manifest (JSON; paths relative to the manifest's folder):
 *   { "service": "checkout",
 *     "processes": [
 *       { "name": "app", "runtime": "java", "inputs": ["app/app.hprof.gz"] },
 *       { "name": "gateway", "runtime": "go", "inputs": ["gw/heap.pb.gz"], "base": ["gw/heap-before.pb.gz"] },
 *       { "name": "sidecar", "runtime": "go", "inputs": [{ "file": "sc/heapdump", "binary": "sc/sidecar" }] } ] }
 * An input is a path or { file, sampleIndex?, binary?, dumpIndex? }.
 */
export type Runtime = "java" | "go";

export interface PlannedInput {
  file: string;
  /** Where it came from, for messages: `processes[1] "gateway" inputs[0]` or the file path. */
  entry: string;
  options?: LoadOptions;
  /** Format found by sniffing (directory mode) — the audit re-checks it against the runtime. */
  format?: string;
}

export interface ProcessPlan {
  name: string;
  runtime: Runtime;
  inputs: PlannedInput[];
  base: PlannedInput[];
  entry: string;
}

export interface Skipped {
  entry: string;
  reason: string;
}

export interface AuditPlan {
  service: string;
  /** The manifest file or the directory. */
  source: string;
  processes: ProcessPlan[];
  skipped: Skipped[];
  /** Non-fatal remarks (ignored files, unknown manifest keys). */
  notes: string[];
}

const RUNTIMES: Record<string, Runtime> = { java: "java", jvm: "java", go: "go", golang: "go" };

/** A manifest path or a directory. */
export function planAudit(target: string): AuditPlan {
  let st;
  try {
    st = statSync(target);
  } catch (e) {
    throw new InputError(target, -1, `cannot open: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (e as Error).message}`);
  }
  if (st.isDirectory()) return discoverDirectory(target);
  // A dump or profile instead of a manifest: a one-process service.
  const format = st.isFile() && st.size > 0 ? sniffFile(target) : undefined;
  if (format) {
    const name = stemOf(target);
    const file = resolve(target);
    return { service: name, source: target, processes: [{ name, runtime: format.language, inputs: [{ file, entry: target, format: format.name }], base: [], entry: `process "${name}"` }], skipped: [], notes: [] };
  }
  return readManifest(target);
}

export function readManifest(file: string): AuditPlan {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(file, -1, `cannot read manifest: ${(e as Error).message}`);
  }
  return parseManifest(text, file);
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, pos: number): { line: number; column: number } {
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  return { line, column: pos - before.lastIndexOf("\n") };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const m = /position (\d+)/.exec(msg);
    const pos = m ? Number(m[1]) : text.length;
    const { line, column } = lineColumn(text, pos);
    const reason = msg.replace(/\s*in JSON at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)/, "");
    throw new InputError(file, Buffer.byteLength(text.slice(0, pos)), `invalid JSON manifest at line ${line}, column ${column}: ${reason}`);
  }
}

/** Parses a manifest's text; `file` names it in messages and anchors relative paths. */
export function parseManifest(text: string, file: string): AuditPlan {
  const data = parseJson(text.replace(/^\uFEFF/, ""), file);
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new InputError(file, 0, "manifest must be a JSON object with \"processes\": [...]");
  const obj = data as Record<string, unknown>;
  if (!Array.isArray(obj.processes)) throw new InputError(file, 0, "manifest has no \"processes\" array");
  const dir = dirname(resolve(file));
  const plan: AuditPlan = {
    service: typeof obj.service === "string" && obj.service.trim() ? obj.service : basename(dir),
    source: file,
    processes: [],
    skipped: [],
    notes: [],
  };
  for (const k of Object.keys(obj)) if (k !== "service" && k !== "processes" && k !== "$schema") plan.notes.push(`${file}: unknown manifest key "${k}" ignored`);
  const seen = new Map<string, string>();
  obj.processes.forEach((p, i) => {
    const where = `processes[${i}]`;
    if (!p || typeof p !== "object" || Array.isArray(p)) {
      plan.skipped.push({ entry: where, reason: "not an object with name, runtime and inputs" });
      return;
    }
    const e = p as Record<string, unknown>;
    if (typeof e.name !== "string" || !e.name.trim()) {
      plan.skipped.push({ entry: where, reason: "no process name (\"name\": \"…\")" });
      return;
    }
    const name = e.name.trim();
    const entry = `${where} "${name}"`;
    const first = seen.get(name);
    if (first) {
      plan.skipped.push({ entry, reason: `duplicate process name (first defined at ${first})` });
      return;
    }
    seen.set(name, where);
    const runtime = typeof e.runtime === "string" ? RUNTIMES[e.runtime.trim().toLowerCase()] : undefined;
    if (!runtime) {
      plan.skipped.push({ entry, reason: e.runtime === undefined ? "no runtime (expected \"java\" or \"go\")" : `unknown runtime ${JSON.stringify(e.runtime)} (expected "java" or "go")` });
      return;
    }
    const inputs = plannedInputs(e.inputs ?? e.input, `${entry} inputs`, dir, plan.skipped);
    const base = plannedInputs(e.base ?? [], `${entry} base`, dir, plan.skipped);
    if (!inputs.length) {
      plan.skipped.push({ entry, reason: e.inputs === undefined ? "no inputs" : "none of its inputs can be read" });
      return;
    }
    plan.processes.push({ name, runtime, inputs, base, entry });
  });
  return plan;
}

function plannedInputs(value: unknown, where: string, dir: string, skipped: Skipped[]): PlannedInput[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  const out: PlannedInput[] = [];
  list.forEach((v, k) => {
    const entry = `${where}[${k}]`;
    let file: unknown;
    let options: LoadOptions | undefined;
    if (typeof v === "string") file = v;
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      file = o.file;
      options = {};
      if (typeof o.sampleIndex === "string" || typeof o.sampleIndex === "number") options.sampleIndex = String(o.sampleIndex);
      if (typeof o.binary === "string") options.binary = resolve(dir, o.binary);
      if (typeof o.dumpIndex === "number") options.dumpIndex = o.dumpIndex;
    }
    if (typeof file !== "string" || !file) {
      skipped.push({ entry, reason: "expected a file path or { \"file\": … }" });
      return;
    }
    const path = resolve(dir, file);
    const problem = fileProblem(path);
    if (problem) {
      skipped.push({ entry: `${entry} ${file}`, reason: problem });
      return;
    }
    out.push({ file: path, entry: `${entry} ${file}`, ...(options && Object.keys(options).length ? { options } : {}) });
  });
  return out;
}

function fileProblem(path: string): string | undefined {
  if (!existsSync(path)) return "file not found";
  try {
    const st = statSync(path);
    if (!st.isFile()) return "not a regular file";
    if (st.size === 0) return "empty file";
  } catch (e) {
    return `cannot read: ${(e as Error).message}`;
  }
  return undefined;
}

/**
 * First bytes of a file, gzip inflated, for sniffing. Only a compressed prefix is inflated: 512
 * bytes cannot expand past ~0.5 MB (deflate's ratio is at most ~1032:1); a longer prefix is tried
 * only when that gave too few bytes, i.e. when the data compresses poorly.
 */
export function sniffHead(path: string, n = 64): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const buf = new Uint8Array(64 * 1024);
    const got = readSync(fd, buf, 0, buf.length, 0);
    const bytes = buf.subarray(0, got);
    if (!(got >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes.slice(0, n);
    let best = new Uint8Array(0);
    for (const prefix of [512, 64 * 1024]) {
      try {
        const out = gunzipSync(bytes.subarray(0, prefix), { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: 64 << 20 });
        best = new Uint8Array(out.buffer, out.byteOffset, Math.min(n, out.length)).slice();
      } catch {
        /* corrupt or cut: keep what we have */
      }
      if (best.length >= n || prefix >= got) break;
    }
    return best;
  } finally {
    closeSync(fd);
  }
}

export function sniffFile(path: string): InputFormat | undefined {
  try {
    const h = sniffHead(path);
    return h.length ? sniffFormat(h) : undefined;
  } catch {
    return undefined;
  }
}

/** "heap-before.pb.gz" → "heap-before": the name without compression and evidence extensions. */
export function stemOf(file: string): string {
  let s = basename(file).replace(/\.gz$/i, "");
  for (;;) {
    const t = s.replace(/\.(hprof|pb|pprof|prof|proto|txt|heap|heapdump|dump|bin|out)$/i, "");
    if (t === s || !t) return s;
    s = t;
  }
}

const BASE_STEM = /^(.*?)(?:^|[-_.])(base|before|baseline)$/i;

/**
 * Directory mode: every file (up to three folders deep) whose first bytes are a known format is
 * evidence. A file in a sub-folder belongs to the process named after the top sub-folder; a file
 * at the top belongs to the process named by its stem's first dot-part ("gateway.heap.pb.gz" →
 * gateway). Go profiles whose stem ends in -base/-before are base profiles for diffs. When one
 * process has the same profile as proto and as debug=1 text (same stem), the proto is used.
 */
export function discoverDirectory(dir: string): AuditPlan {
  const root = resolve(dir);
  const plan: AuditPlan = { service: basename(root), source: dir, processes: [], skipped: [], notes: [] };
  const files: string[] = [];
  const walk = (d: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch (e) {
      plan.skipped.push({ entry: d, reason: `cannot list: ${(e as Error).message}` });
      return;
    }
    for (const name of names) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const p = join(d, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (depth < 3) walk(p, depth + 1);
      } else if (st.isFile() && st.size > 0) files.push(p);
    }
  };
  walk(root, 0);
  const groups = new Map<string, { runtime: Runtime; inputs: (PlannedInput & { stem: string; format: string })[]; base: PlannedInput[] }>();
  let ignored = 0;
  for (const file of files) {
    const format = sniffFile(file);
    const rel = relative(root, file);
    if (!format) {
      ignored++;
      continue;
    }
    const parts = rel.split(sep);
    let stem = stemOf(file);
    const baseMatch = BASE_STEM.exec(stem);
    const isBase = Boolean(baseMatch) && (format.name === "pprof" || format.name === "pprof-text");
    if (isBase && baseMatch![1]) stem = baseMatch![1];
    let name = parts.length > 1 ? parts[0] : stem.split(".")[0] || stem;
    let g = groups.get(name);
    if (g && g.runtime !== format.language) {
      name = `${name}-${format.language}`;
      g = groups.get(name);
    }
    if (!g) {
      g = { runtime: format.language, inputs: [], base: [] };
      groups.set(name, g);
    }
    if (isBase) g.base.push({ file, entry: rel, format: format.name });
    else g.inputs.push({ file, entry: rel, format: format.name, stem });
  }
  if (ignored) plan.notes.push(`${dir}: ${ignored} file(s) that are not heap dumps or profiles were ignored`);
  for (const [name, g] of groups) {
    const protoStems = new Map(g.inputs.filter((i) => i.format === "pprof").map((i) => [i.stem, i.entry]));
    const inputs: PlannedInput[] = [];
    for (const i of g.inputs) {
      const proto = i.format === "pprof-text" ? protoStems.get(i.stem) : undefined;
      if (proto) plan.notes.push(`${i.entry}: same profile as ${proto} (debug=1 text); the proto is audited`);
      else inputs.push({ file: i.file, entry: i.entry, format: i.format });
    }
    const baseProto = new Set(g.base.filter((b) => b.format === "pprof").map((b) => stemOf(b.file)));
    const base = g.base.filter((b) => b.format === "pprof" || !baseProto.has(stemOf(b.file)));
    if (!inputs.length) {
      plan.skipped.push({ entry: `${dir} process "${name}"`, reason: "only base profiles, nothing to audit" });
      continue;
    }
    plan.processes.push({ name, runtime: g.runtime, inputs, base, entry: `process "${name}"` });
  }
  if (!plan.processes.length && !plan.skipped.length) throw new InputError(dir, -1, "no heap dumps or profiles found in this directory (HPROF, Go pprof proto or debug=1 text, Go heap dump)");
  return plan;
}
