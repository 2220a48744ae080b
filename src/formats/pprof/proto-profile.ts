import { InputError } from "../../io/errors.ts";
import { IdIndex, offsetOfField, type DecodedProfile } from "./proto-decode.ts";
import { FrameTable, type StackSamples } from "./stacks.ts";

/**
 * Resolves a decoded Profile's ids into StackSamples: locations become positions, each
 * location's lines become deduplicated frames (innermost inline first), the numeric label
 * "bytes" becomes the sample's object size. Bad ids throw InputError with the byte offset.
 */
export function toStackSamples(p: DecodedProfile, bytes: Uint8Array, file: string): StackSamples {
  const str = p.strings;
  const sampleTypes: { type: string; unit: string }[] = [];
  for (let i = 0; i < p.sampleType.length; i += 2) sampleTypes.push({ type: str[p.sampleType[i]], unit: str[p.sampleType[i + 1]] });

  const funcs = new IdIndex(p.funcId);
  const locIndex = new IdIndex(p.locId);
  if (locIndex.duplicate >= 0) throw new InputError(file, offsetOfField(bytes, 4, locIndex.duplicate), `location id ${p.locId[locIndex.duplicate]} is used twice`);
  if (funcs.duplicate >= 0) throw new InputError(file, offsetOfField(bytes, 5, funcs.duplicate), `function id ${p.funcId[funcs.duplicate]} is used twice`);
  const mappingIds = new Set(p.mappings.map((m) => m.id));

  const frameTable = new FrameTable();
  const nLoc = p.locationCount;
  const frameStart = new Uint32Array(nLoc + 1);
  const framesOut: number[] = [];
  for (let j = 0; j < nLoc; j++) {
    frameStart[j] = framesOut.length;
    const m = p.locMapping[j];
    if (m !== 0 && !mappingIds.has(m)) throw new InputError(file, offsetOfField(bytes, 4, j), `location ${p.locId[j]} refers to mapping ${m}, which is not in the profile`);
    const a = p.lineStart[j];
    const e = p.lineStart[j + 1];
    if (a === e) {
      // Unsymbolized: pprof names such a node by its address.
      framesOut.push(frameTable.intern(`0x${p.locAddress[j].toString(16)}`, "", 0));
      continue;
    }
    for (let l = a; l < e; l++) {
      const f = funcs.get(p.lineFunction[l]);
      if (f < 0) throw new InputError(file, offsetOfField(bytes, 4, j), `location ${p.locId[j]} refers to function ${p.lineFunction[l]}, which is not in the profile`);
      framesOut.push(frameTable.intern(str[p.funcName[f]], str[p.funcFile[f]], p.lineNumber[l]));
    }
  }
  frameStart[nLoc] = framesOut.length;

  // Ids are resolved while the stacks are walked (buildStackTree): one pass less over every id.
  let locPosition = locIndex.dense;
  if (!locPosition) {
    // Sparse ids (hashes, string indexes): renumber them densely in place once.
    const ids = p.locIds;
    for (let a = 0; a < ids.length; a++) {
      const j = locIndex.get(ids[a]);
      if (j < 0) badLocation(sampleOf(a), ids[a]);
      ids[a] = j;
    }
    locPosition = new Int32Array(nLoc);
    for (let j = 0; j < nLoc; j++) locPosition[j] = j;
  }
  function sampleOf(a: number): number {
    let lo = 0, hi = p.sampleCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p.locStart[mid] <= a) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  function badLocation(s: number, id: number): never {
    throw new InputError(file, offsetOfField(bytes, 2, s), `sample ${s} refers to location ${id}, which is not in the profile`);
  }

  const blockBytes = new Float64Array(p.sampleCount).fill(NaN);
  const bytesKey = str.indexOf("bytes");
  if (bytesKey > 0) {
    for (let i = 0; i < p.labelKey.length; i++) {
      if (p.labelIsNum[i] && p.labelKey[i] === bytesKey) blockBytes[p.labelSample[i]] = p.labelNum[i];
    }
  }
  return {
    sampleTypes,
    sampleCount: p.sampleCount,
    values: p.values,
    blockBytes,
    locStart: p.locStart,
    locs: p.locIds,
    locPosition,
    badLocation,
    frameStart,
    frames: Uint32Array.from(framesOut),
    frameTable,
  };
}

/** Facts for InputInfo.meta (small, JSON-friendly). */
export function profileMeta(p: DecodedProfile, s: StackSamples): Record<string, unknown> {
  const str = p.strings;
  const k = s.sampleTypes.length;
  // One pass over the sample-major values, one running sum per type (same order of additions).
  const sums = new Float64Array(k);
  const values = s.values;
  for (let i = 0, n = s.sampleCount * k; i < n; i += k) for (let t = 0; t < k; t++) sums[t] += values[i + t];
  const totals: Record<string, number> = {};
  for (let t = 0; t < k; t++) totals[s.sampleTypes[t].type] = sums[t];
  // Distinct key string indexes first (one label per sample is usual: 1.5M Set.adds of one string).
  const keySeen = new Uint8Array(str.length);
  const labelKeys = new Set<string>();
  for (let i = 0; i < p.labelKey.length; i++) {
    const key = p.labelKey[i];
    if (!keySeen[key]) {
      keySeen[key] = 1;
      labelKeys.add(str[key]);
    }
  }
  return {
    sampleTypes: s.sampleTypes.map((t) => `${t.type}/${t.unit}`),
    defaultSampleType: p.defaultSampleType ? str[p.defaultSampleType] : undefined,
    periodType: p.periodType ? `${str[p.periodType[0]]}/${str[p.periodType[1]]}` : undefined,
    period: p.period,
    timeNanos: p.timeNanos || undefined,
    durationNanos: p.durationNanos || undefined,
    samples: p.sampleCount,
    locations: p.locationCount,
    functions: p.functionCount,
    mappings: p.mappings.map((m) => ({
      id: m.id,
      start: `0x${m.memoryStart.toString(16)}`,
      limit: `0x${m.memoryLimit.toString(16)}`,
      offset: m.fileOffset,
      file: str[m.filename],
      buildId: str[m.buildId] || undefined,
    })),
    labelKeys: [...labelKeys].sort(),
    comments: p.comments.map((c) => str[c]),
    dropFrames: p.dropFrames ? str[p.dropFrames] : undefined,
    keepFrames: p.keepFrames ? str[p.keepFrames] : undefined,
    totals,
  };
}
