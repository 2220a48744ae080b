import { GO_HEAP_MEMORY_META } from "../../graph/go-heap.ts";
import type { ValueReader } from "../../graph/heap-graph.ts";
import { InputError } from "../../io/errors.ts";
import { readElfSymbols, type ElfSymbols } from "../elf/index.ts";
import type { InputFormat } from "../format.ts";
import { AddressIndex } from "./address-index.ts";
import { buildGraph } from "./build.ts";
import { keepMapMemory } from "./memory.ts";
import { parseDump } from "./parse.ts";
import { HEADER, TAG_NAMES } from "./records.ts";

/**
 * Go's runtime/debug.WriteHeapDump format ("go1.7 heap dump", go-formats.md §5): a real object
 * graph with data/bss globals, goroutine frames and finalizers as roots. Objects have no types;
 * they are named by allocation-sample stacks when the program ran with a low MemProfileRate.
 * `LoadOptions.binary` (an unstripped ELF executable) names the globals.
 */
export const godumpFormat: InputFormat = {
  name: "godump",
  language: "go",
  sniff: (head) => head.length >= HEADER.length && new TextDecoder("latin1").decode(head.subarray(0, HEADER.length)) === HEADER,
  load(source, builder, ctx) {
    const file = source.name;
    const symbols: ElfSymbols | undefined = ctx.options.binary ? readElfSymbols(ctx.options.binary) : undefined;
    const t = parseDump(source, ctx, { label: (s) => builder.labels.intern(s), nodes: builder });
    if (!t.params) {
      if (t.truncatedAt !== undefined) throw new InputError(file, t.truncatedAt, "dump ends before its params record: nothing to analyse");
      throw new InputError(file, HEADER.length, "expected a params record (pointer size, byte order) after the header");
    }
    const params = t.params;
    const objects = t.objAddr.length;
    if (symbols) checkBinaryMatches(symbols, t.segments, file, ctx.warn);
    if (t.truncatedAt !== undefined) {
      ctx.warn(`Go heap dump truncated at byte ${t.truncatedAt} of ${source.size}; analysing the ${objects} objects and the roots read before it (roots written after the objects may be missing, so more objects look unreachable)`);
    } else if (!t.sawEof) {
      ctx.warn(`Go heap dump has no EOF record (ends at byte ${source.size}); it may be incomplete`);
    }
    ctx.progress.phase("build Go object graph", objects);
    const index = AddressIndex.build(t.objAddr.view(), t.objSize.view(), t.objBounds);
    const { memory, roles, stackRoots } = keepMapMemory(source, t, params, index);
    // Content offsets served the map pass only: let them go before the graph columns are allocated.
    t.contentGap.data = new Uint8Array(0);
    t.contentGap.length = 0;
    const stats = buildGraph(t, params, builder, index, roles, stackRoots, symbols);
    ctx.progress.end();
    if (symbols) checkBinaryMatches(symbols, t.segments, file, ctx.warn);

    let objectBytes = 0;
    const sizes = t.objSize.view();
    for (let i = 0; i < sizes.length; i++) objectBytes += sizes[i];
    const counts: Record<string, number> = {};
    for (const n of TAG_NAMES) if (t.counts[n]) counts[n] = t.counts[n];
    builder.setMeta("params", { ...params, endianness: params.bigEndian ? "big" : "little" });
    builder.setMeta("goVersion", params.goVersion);
    if (t.memstats) builder.setMeta("memstats", t.memstats);
    builder.setMeta("records", counts);
    builder.setMeta("heap", {
      objects,
      bytes: objectBytes,
      memstatsObjects: t.memstats?.HeapObjects,
      memstatsBytes: t.memstats?.HeapAlloc,
      sampledObjects: stats.sampledObjects,
      unmatchedSamples: stats.unmatchedSamples,
      memprofBuckets: t.memprof.size,
    });
    builder.setMeta("pointers", stats.pointers);
    builder.setMeta("roots", { ...stats.roots, segments: t.segments, goroutines: t.goroutines.length, finalizers: t.finalizers.length });
    builder.setMeta("goroutines", t.goroutines);
    builder.setMeta("binary", symbols ? { file: symbols.file, dataSymbols: symbols.names.length } : null);
    builder.setMeta("hmapCandidates", t.hmapCandidates.length);
    if (t.truncatedAt !== undefined) builder.setMeta("truncatedAt", t.truncatedAt);
    builder.setMeta(GO_HEAP_MEMORY_META, memory);
    builder.setValueReader(goValueReader());
  },
};

/** Objects are raw memory without types: no named fields or display text, no array lengths. */
function goValueReader(): ValueReader {
  return {
    field: () => undefined,
    fields: () => [],
    statics: () => [],
    display: () => undefined,
    arrayLength: () => -1,
  };
}

/**
 * The binary must be the program that wrote the dump, or every global gets a wrong name: its
 * runtime.data/edata and runtime.bss/ebss symbols must bound exactly the dump's data and bss records.
 */
function checkBinaryMatches(symbols: ElfSymbols, segments: { kind: string; addr: number; size: number }[], dump: string, warn: (m: string) => void): void {
  const at = (name: string) => {
    const i = symbols.names.indexOf(name);
    return i < 0 ? undefined : symbols.addr[i];
  };
  for (const seg of segments) {
    const lo = at(`runtime.${seg.kind}`), hi = at(`runtime.e${seg.kind}`);
    if (lo === undefined || hi === undefined) {
      warn(`binary ${symbols.file} has no runtime.${seg.kind}/runtime.e${seg.kind} symbols: cannot check that it wrote ${dump}`);
      continue;
    }
    if (lo !== seg.addr || hi - lo !== seg.size) {
      throw new InputError(symbols.file, -1, `binary does not match the dump ${dump}: its ${seg.kind} segment is 0x${lo.toString(16)}-0x${hi.toString(16)}, the dump's is 0x${seg.addr.toString(16)}-0x${(seg.addr + seg.size).toString(16)}; pass the executable that wrote the dump`);
    }
  }
}
