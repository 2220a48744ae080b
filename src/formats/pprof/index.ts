/**
 * Go heap profiles into the common graph.
 *
 *  - `pprofFormat`: profile.proto (gzip inflated by the loader), decoded on protobufjs's Reader into
 *    typed arrays (proto-decode.ts), ids resolved into stacks (proto-profile.ts). goref output
 *    (reference paths) is recognised by its shape and built as a retention graph (goref.ts).
 *  - `pprofTextFormat`: the legacy `heap profile:` text and Java heapz, parsed with the ANTLR
 *    grammar in grammars/ (text-profile.ts; generated parser in generated/, see regenerate.sh).
 *  - Both become a calling-context tree (cct.ts); per-sample data the nodes do not carry (every
 *    sample type, object sizes, file:line) goes to `meta.profile` (graph/profile-table.ts).
 */
import type { GraphBuilder } from "../../graph/builder.ts";
import { Lang } from "../../graph/kinds.ts";
import { InputError } from "../../io/errors.ts";
import { MemorySource, type ByteSource } from "../../io/source.ts";
import type { InputFormat, LoadContext } from "../format.ts";
import { writeCallingContextTree } from "./cct.ts";
import { isGorefShape, writeGorefGraph } from "./goref.ts";
import { decodeProfile } from "./proto-decode.ts";
import { profileMeta, toStackSamples } from "./proto-profile.ts";
import { looksLikeProfileProto, looksLikeTextProfile } from "./sniff.ts";
import { chooseSampleIndex, matchingCountType, type StackSamples } from "./stacks.ts";
import { loadTextProfile } from "./text-profile.ts";

/** Whole input as one Uint8Array (profiles are parsed in memory; gzip input already is). */
function allBytes(source: ByteSource): Uint8Array {
  if (source instanceof MemorySource) return source.bytes;
  if (source.size > 0x7fffffff) throw new InputError(source.name, 0, `a ${source.size}-byte profile is larger than heaplens reads (2 GiB)`);
  const buf = new Uint8Array(source.size);
  const got = source.read(buf, 0, buf.length, 0);
  return got === buf.length ? buf : buf.subarray(0, got);
}

/** Picks the node-size sample type and writes the calling-context tree plus its meta. */
function writeStackProfile(s: StackSamples, b: GraphBuilder, ctx: LoadContext, file: string, defaultType: string, lang: Lang = Lang.Go): void {
  const chosen = chooseSampleIndex(s.sampleTypes, ctx.options.sampleIndex, defaultType);
  if (typeof chosen === "string") throw new InputError(file, -1, chosen);
  if (chosen < 0) throw new InputError(file, -1, "the profile has no sample types");
  const countIndex = matchingCountType(s.sampleTypes, chosen);
  const table = writeCallingContextTree(s, b, { file, valueIndex: chosen, countIndex, lang });
  b.setMeta("sampleIndex", chosen);
  b.setMeta("sampleType", s.sampleTypes[chosen].type);
  b.setMeta("countType", countIndex >= 0 ? s.sampleTypes[countIndex].type : undefined);
  b.setMeta("profile", table);
}

export const pprofTextFormat: InputFormat = {
  name: "pprof-text",
  language: "go",
  sniff: looksLikeTextProfile,
  load(source, builder, ctx) {
    const bytes = allBytes(source);
    const { samples, meta } = loadTextProfile(bytes, source.name, ctx);
    for (const [k, v] of Object.entries(meta)) builder.setMeta(k, v);
    writeStackProfile(samples, builder, ctx, source.name, "", meta.profileLanguage === "java" ? Lang.Java : Lang.Go);
  },
};

export const pprofFormat: InputFormat = {
  name: "pprof",
  language: "go",
  sniff: looksLikeProfileProto,
  load(source, builder, ctx) {
    const bytes = allBytes(source);
    ctx.progress.phase("decode pprof", bytes.length);
    const p = decodeProfile(bytes, source.name);
    const s = toStackSamples(p, bytes, source.name);
    ctx.progress.end();
    for (const [k, v] of Object.entries(profileMeta(p, s))) builder.setMeta(k, v);
    let addressesZero = true;
    for (let j = 0; j < p.locationCount; j++) if (p.locAddress[j] !== 0) addressesZero = false;
    ctx.progress.phase("build profile graph", s.sampleCount);
    if (isGorefShape(s, p.periodType !== undefined || p.period !== 0, p.mappings.length, addressesZero)) {
      builder.setMeta("format", "goref");
      builder.setMeta("sampleIndex", 1);
      builder.setMeta("sampleType", "inuse_space");
      builder.setMeta("countType", "inuse_objects");
      builder.setMeta("profile", writeGorefGraph(s, builder, source.name));
    } else {
      builder.setMeta("format", "pprof");
      writeStackProfile(s, builder, ctx, source.name, p.defaultSampleType ? p.strings[p.defaultSampleType] : "");
    }
    ctx.progress.end();
  },
};
