import { BaseErrorListener, CharStream, CommonTokenStream, PredictionMode, type ATNSimulator, type Recognizer, type Token } from "antlr4ng";
import type { TerminalNode } from "antlr4ng";
import { InputError } from "../../io/errors.ts";
import type { LoadContext } from "../format.ts";
import { HeapProfileLexer } from "./generated/HeapProfileLexer.ts";
import {
  AttributeContext,
  CountsContext,
  HeapProfileParser,
  JavaSampleContext,
  MemoryMapContext,
  RecordContext,
  StatLineContext,
  type JavaProfileContext,
  type StatValueContext,
} from "./generated/HeapProfileParser.ts";
import { FrameTable, type StackSamples } from "./stacks.ts";

/**
 * The legacy text heap profile (Go's `?debug=1`, tcmalloc's heapz_v2/heap_v2/heapprofile/growthz),
 * parsed with the ANTLR grammar in grammars/HeapProfile{Lexer,Parser}.g4.
 *
 * Values follow pprof's legacy reader (profile/legacy_profile.go) so totals equal
 * `go tool pprof -raw`: "heap/N" means v2 sampling with period N/2; "heap_v2"/"heapz_v2" period N;
 * "heapprofile"/"growthz" are unsampled (period 1); each record's (count, bytes) pair is
 * unsampled with scale = 1/(1-exp(-avgSize/period)) and truncated to integers, per record.
 * The alloc columns count only when they differ from inuse (else the types are objects/space).
 *
 * Java's `--- heapz 1 ---` text is read as pprof reads it too (javaHeapz below).
 *
 * Unlike pprof (which skips `#` lines and needs the binary), frames come from the `#` lines the
 * Go runtime printed with runtime.CallersFrames (inlined calls expanded, leading runtime.*
 * frames hidden — as in the protobuf profile). Records without them fall back to their raw PCs.
 */
/**
 * The ANTLR lexer and parse tree cost about 0.6 s of CPU and 45 MB of memory per MB of text
 * (measured: 23 MB, 2.5M tokens → 15 s, 1.1 GB RSS), so larger text is refused rather than risk
 * exhausting memory; the protobuf profile carries the same data far more compactly.
 */
export const MAX_TEXT_BYTES = 32 * 1024 * 1024;

export function loadTextProfile(bytes: Uint8Array, file: string, ctx: LoadContext): { samples: StackSamples; meta: Record<string, unknown> } {
  if (bytes.length > MAX_TEXT_BYTES) {
    throw new InputError(file, MAX_TEXT_BYTES, `a ${(bytes.length / 1048576).toFixed(0)} MB text profile is larger than the ${MAX_TEXT_BYTES / 1048576} MB the legacy text reader accepts; write the protobuf profile (pprof.WriteHeapProfile, or /debug/pprof/heap without debug=1) instead`);
  }
  let text = new TextDecoder("utf-8").decode(bytes);
  // Go ends every line with a newline: text that does not was cut (a partial address or frame
  // would still parse, wrongly). Keep the complete lines and warn, as for other truncated inputs.
  const cut = text.lastIndexOf("\n");
  if (cut >= 0 && cut < text.length - 1 && text.slice(cut + 1).trim() !== "") {
    const lines = text.slice(0, cut + 1).split("\n").length - 1;
    text = text.slice(0, cut + 1);
    ctx.warn(`the text does not end with a newline (truncated?): read its ${lines} complete lines and dropped the partial last one`);
  }
  const top = parse(text, file);
  const java = top.javaProfile();
  if (java) return javaHeapz(java, text, file, ctx);
  const tree = top.goProfile()!;
  const header = tree.header();
  const hc = counts(header.counts(), file);
  const samplingName = header.sampling().NAME().getText();
  const periodText = header.sampling().INT()?.getText();
  const n = periodText === undefined ? 0 : Number(periodText);
  let v2 = false;
  let period: number;
  switch (samplingName) {
    case "heap":
      v2 = true;
      period = Math.trunc(n / 2);
      break;
    case "heap_v2":
    case "heapz_v2":
      v2 = true;
      period = n;
      break;
    case "heapprofile":
    case "growthz":
      period = 1;
      break;
    default:
      throw at(file, header.sampling().start, `unknown sampling mode "${samplingName}" (expected heap, heap_v2, heapz_v2, heapprofile or growthz)`);
  }
  const hasAlloc = (hc[2] !== hc[0] && hc[2] !== 0) || (hc[3] !== hc[1] && hc[3] !== 0);
  const sampleTypes = hasAlloc
    ? [
        { type: "alloc_objects", unit: "count" },
        { type: "alloc_space", unit: "bytes" },
        { type: "inuse_objects", unit: "count" },
        { type: "inuse_space", unit: "bytes" },
      ]
    : [
        { type: "objects", unit: "count" },
        { type: "space", unit: "bytes" },
      ];
  const k = sampleTypes.length;

  const records: RecordContext[] = [];
  const stats: StatLineContext[] = [];
  let memoryMap: MemoryMapContext | null = null;
  let noStack = 0;
  for (const c of tree.children) {
    // pprof drops records without addresses (`1: 288 [2: 296] @`); so do we, to keep its totals.
    if (c instanceof RecordContext) {
      if (c.HEX().length === 0 && c.frameLine().length === 0) noStack++;
      else records.push(c);
    }
    else if (c instanceof StatLineContext) stats.push(c);
    else if (c instanceof MemoryMapContext) memoryMap = c;
  }

  const frameTable = new FrameTable();
  const values = new Float64Array(records.length * k);
  const blockBytes = new Float64Array(records.length);
  const locStart = new Uint32Array(records.length + 1);
  const locs = new Uint32Array(records.length);
  const frameStart = new Uint32Array(records.length + 1);
  const frames: number[] = [];
  let symbolized = 0;
  let rawPcs = 0;
  records.forEach((rec, i) => {
    const c = counts(rec.counts(), file);
    let block = 0;
    let o = i * k;
    const pair = (count: number, size: number, label: string) => {
      if (count === 0 && size !== 0) throw at(file, rec.start, `${label} count is 0 but ${label} bytes is ${size}`);
      if (count !== 0) {
        block = Math.trunc(size / count);
        if (v2) [count, size] = scaleHeapSample(count, size, period);
      }
      values[o++] = count;
      values[o++] = size;
    };
    if (hasAlloc) pair(c[2], c[3], "allocation");
    pair(c[0], c[1], "inuse");
    blockBytes[i] = block;

    // One pseudo-location per record holding its frames, leaf first.
    locStart[i + 1] = i + 1;
    locs[i] = i;
    frameStart[i] = frames.length;
    const frameLines = rec.frameLine();
    if (frameLines.length > 0) {
      symbolized++;
      for (const fl of frameLines) {
        const func = fl.FUNC()?.getText();
        if (func === undefined) {
          frames.push(frameTable.intern(fl.FRAME_PC().getText().replace(/^#[ \t]+/, ""), "", 0));
          continue;
        }
        const name = func.replace(/\+0x[0-9a-fA-F]+$/, "").trimEnd();
        const where = fl.FILE_LINE()?.getText() ?? "";
        const m = /^(.*):(\d+)$/.exec(where.trimEnd());
        frames.push(frameTable.intern(name, m ? m[1] : where, m ? Number(m[2]) : 0));
      }
    } else {
      const pcs = rec.HEX();
      if (pcs.length > 0) rawPcs++;
      for (const pc of pcs) {
        // pprof subtracts 1 from each return address to land inside the call instruction.
        const v = Number.parseInt(pc.getText().slice(2), 16);
        frames.push(frameTable.intern(`0x${Math.max(0, v - 1).toString(16)}`, "", 0));
      }
    }
  });
  frameStart[records.length] = frames.length;

  const meta: Record<string, unknown> = {
    format: "pprof-text",
    sampling: samplingName,
    sampleTypes: sampleTypes.map((t) => `${t.type}/${t.unit}`),
    periodType: "space/bytes",
    period,
    header: { inuseObjects: hc[0], inuseBytes: hc[1], allocObjects: hc[2], allocBytes: hc[3], rate: n },
    samples: records.length,
    symbolizedRecords: symbolized,
  };
  if (noStack > 0) ctx.warn(`${noStack} records without a stack were skipped (as pprof does)`);
  if (rawPcs > 0) ctx.warn(`${rawPcs} of ${records.length} records have no '#' symbol lines; their frames are named by address`);
  const memstats = readStats(stats, file);
  if (memstats) meta.memstats = memstats;
  if (memoryMap) meta.memoryMap = (memoryMap as MemoryMapContext).MAP_LINE().slice(0, 256).map((t) => t.getText());
  const totals: Record<string, number> = {};
  for (let t = 0; t < k; t++) {
    let sum = 0;
    for (let i = 0; i < records.length; i++) sum += values[i * k + t];
    totals[sampleTypes[t].type] = sum;
  }
  meta.totals = totals;
  return {
    samples: { sampleTypes, sampleCount: records.length, values, blockBytes, locStart, locs, frameStart, frames: Uint32Array.from(frames), frameTable },
    meta,
  };
}

/**
 * Java heapz (pprof legacy_java_profile.go): each sample line is `<bytes> <count> @ addrs` (leaf
 * first), unsampled at pprof's fixed 512 KiB rate; a zero count is an error (the fuzz crasher);
 * symbol lines name each address `function (File.java:line)`. Node language is Java.
 */
function javaHeapz(java: JavaProfileContext, text: string, file: string, ctx: LoadContext): { samples: StackSamples; meta: Record<string, unknown> } {
  const JAVA_HEAPZ_RATE = 524288;
  const attributes: Record<string, string> = {};
  const samples: JavaSampleContext[] = [];
  const symbols = new Map<string, { name: string; file: string; line: number }>();
  for (const c of java.children) {
    if (c instanceof AttributeContext) attributes[c.NAME(0)!.getText()] = c.NAME(1)!.getText();
    else if (c instanceof JavaSampleContext) samples.push(c);
    else if ("symbol" in c && (c as TerminalNode).symbol.type === HeapProfileParser.SYMBOL) {
      const t = (c as TerminalNode).getText().trim();
      const m = /^0[xX]([0-9a-fA-F]+)\s+(.*?)\s*$/.exec(t)!;
      const fl = /^(.*)\s+\((.+):(-?\d+)\)$/.exec(m[2]) ?? /^(.*)\s+\((.*)\)$/.exec(m[2]);
      const addr = BigInt(`0x${m[1]}`).toString(16);
      symbols.set(addr, fl ? { name: fl[1], file: fl[2], line: fl[3] !== undefined ? Number(fl[3]) : 0 } : { name: m[2], file: "", line: 0 });
    }
  }
  if (attributes.format !== undefined && attributes.format !== "java") {
    throw new InputError(file, java.start?.start ?? 0, `heapz format "${attributes.format}" is not supported (expected java)`, 2);
  }
  const sampleTypes = [
    { type: "inuse_objects", unit: "count" },
    { type: "inuse_space", unit: "bytes" },
  ];
  const n = samples.length;
  const values = new Float64Array(n * 2);
  const blockBytes = new Float64Array(n);
  const frameTable = new FrameTable();
  const locStart = new Uint32Array(n + 1);
  const locs = new Uint32Array(n);
  const frameStart = new Uint32Array(n + 1);
  const frames: number[] = [];
  let unnamed = 0;
  samples.forEach((smp, i) => {
    const size = int(smp.INT(0), file);
    const count = int(smp.INT(1), file);
    if (count === 0) throw at(file, smp.start, `sample "${text.slice(smp.start!.start, smp.stop!.stop + 1)}": the count (second value) must be non-zero`);
    blockBytes[i] = Math.trunc(size / count);
    [values[2 * i], values[2 * i + 1]] = scaleHeapSample(count, size, JAVA_HEAPZ_RATE);
    locStart[i + 1] = i + 1;
    locs[i] = i;
    frameStart[i] = frames.length;
    // Addresses: every token after '@' (pprof's pattern also takes plain digits such as "0").
    const atIndex = smp.children.findIndex((c) => (c as TerminalNode).symbol?.type === HeapProfileParser.AT);
    for (const h of smp.children.slice(atIndex + 1)) {
      const addr = BigInt(h.getText()).toString(16);
      const sym = symbols.get(addr);
      if (!sym) unnamed++;
      frames.push(sym ? frameTable.intern(sym.name, sym.file, sym.line) : frameTable.intern(`0x${addr}`, "", 0));
    }
  });
  frameStart[n] = frames.length;
  if (unnamed > 0) ctx.warn(`${unnamed} frames have no symbol line; they are named by address`);
  let objects = 0, space = 0;
  for (let i = 0; i < n; i++) {
    objects += values[2 * i];
    space += values[2 * i + 1];
  }
  return {
    samples: { sampleTypes, sampleCount: n, values, blockBytes, locStart, locs, frameStart, frames: Uint32Array.from(frames), frameTable },
    meta: {
      format: "java-heapz",
      profileLanguage: "java",
      attributes,
      sampleTypes: sampleTypes.map((t) => `${t.type}/${t.unit}`),
      period: JAVA_HEAPZ_RATE,
      samples: n,
      symbols: symbols.size,
      totals: { inuse_objects: objects, inuse_space: space },
    },
  };
}

/** pprof's scaleHeapSample (Go's int64 conversions truncate toward zero). */
export function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const avgSize = size / count;
  const scale = 1 / (1 - Math.exp(-avgSize / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}

function at(file: string, token: Token | null | undefined, message: string): InputError {
  return new InputError(file, token ? token.start : -1, message, token ? token.line : 0);
}

function int(node: TerminalNode | null, file: string): number {
  const t = node!.getText();
  const v = Number(t);
  if (!Number.isSafeInteger(v)) throw at(file, node!.symbol, `number ${t} is out of range`);
  return v;
}

function counts(c: CountsContext, file: string): [number, number, number, number] {
  return [int(c.INT(0), file), int(c.INT(1), file), int(c.INT(2), file), int(c.INT(3), file)];
}

/** The `# runtime.MemStats` trailer as {Name: number | [a, b] | number[] | boolean}; undefined when absent. */
function readStats(lines: StatLineContext[], file: string): Record<string, unknown> | undefined {
  let inStats = false;
  const out: Record<string, unknown> = {};
  for (const l of lines) {
    const word = l.WORD()?.getText();
    const v = l.statValue();
    if (word === "runtime.MemStats" && !v) {
      inStats = true;
      continue;
    }
    if (!inStats || !word || !v) continue;
    out[word] = statValue(v, file);
  }
  return inStats ? out : undefined;
}

function statValue(v: StatValueContext, file: string): unknown {
  const nums = v.NUMBER().map((n) => {
    const x = Number(n.getText());
    if (!Number.isFinite(x)) throw at(file, n.symbol, `bad number ${n.getText()}`);
    return x;
  });
  if (v.STAT_LBRACK()) return nums;
  if (v.STAT_SLASH()) return nums;
  const w = v.WORD()?.getText();
  if (w !== undefined) return w === "true" ? true : w === "false" ? false : w;
  return nums[0];
}

class ThrowingListener extends BaseErrorListener {
  constructor(private file: string) {
    super();
  }
  override syntaxError<S extends Token, T extends ATNSimulator>(
    _r: Recognizer<T>, offending: S | null, line: number, column: number, msg: string,
  ): void {
    const what = offending ? (offending.type === -1 ? "end of file" : JSON.stringify(offending.text ?? "")) : "";
    throw new InputError(this.file, offending ? offending.start : -1, `not a valid heap profile line (column ${column + 1}${what ? `, at ${what}` : ""}): ${msg}`, line);
  }
}

/**
 * Two-stage parse: SLL prediction is much cheaper and exact for this line grammar; only when it
 * reports an error is the input parsed again with full LL, whose error is the one reported.
 */
function parse(text: string, file: string) {
  try {
    return parseWith(text, file, PredictionMode.SLL);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return parseWith(text, file, PredictionMode.LL);
  }
}

function parseWith(text: string, file: string, mode: number) {
  const listener = new ThrowingListener(file);
  const lexer = new HeapProfileLexer(CharStream.fromString(text));
  lexer.removeErrorListeners();
  lexer.addErrorListener(listener);
  const parser = new HeapProfileParser(new CommonTokenStream(lexer));
  parser.interpreter.predictionMode = mode;
  parser.removeErrorListeners();
  parser.addErrorListener(listener);
  return parser.profile();
}
