/**
 * The shape both pprof readers (protobuf and legacy text) reduce a profile to before it becomes a
 * graph: samples with values, each naming its locations leaf first; each location expands to one
 * or more frames (inlined calls), leaf first; frames are deduplicated (function, file, line).
 */
export interface StackSamples {
  sampleTypes: { type: string; unit: string }[];
  sampleCount: number;
  /** sampleCount × sampleTypes.length, sample-major. */
  values: Float64Array;
  /** Object size per sample; NaN when unknown. */
  blockBytes: Float64Array;
  /** Sample i's locations: locs[locStart[i] .. locStart[i+1]), leaf first. */
  locStart: Uint32Array;
  locs: Uint32Array;
  /**
   * When set, `locs` holds location ids and `locPosition[id]` the location's position (-1: no
   * such location; `badLocation` is then called with the sample and id, and must throw).
   * Resolving while the stacks are walked saves a pass over every id.
   */
  locPosition?: Int32Array;
  badLocation?: (sample: number, id: number) => never;
  /** Location j's frames: frames[frameStart[j] .. frameStart[j+1]), leaf (innermost inline) first. */
  frameStart: Uint32Array;
  frames: Uint32Array;
  frameTable: FrameTable;
}

/** Distinct frames: function name, file, line. */
export class FrameTable {
  readonly name: string[] = [];
  readonly file: string[] = [];
  readonly line: number[] = [];
  private index = new Map<string, number>();

  intern(name: string, file: string, line: number): number {
    const key = `${name}\u0000${file}\u0000${line}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.name.length;
      this.name.push(name);
      this.file.push(file);
      this.line.push(line);
      this.index.set(key, i);
    }
    return i;
  }

  get size(): number {
    return this.name.length;
  }

  /** "file:line", "file", or "" (edge labels and site names). */
  where(f: number): string {
    const file = this.file[f];
    const line = this.line[f];
    if (!file) return line > 0 ? `:${line}` : "";
    return line > 0 ? `${file}:${line}` : file;
  }
}

/** Object-count sample type that goes with a byte type: inuse_space → inuse_objects, space → objects. */
export function matchingCountType(types: { type: string; unit: string }[], chosen: number): number {
  const t = types[chosen];
  if (!t) return -1;
  if (t.unit === "count") return chosen;
  const m = /^(.*?)(_?)space$/.exec(t.type);
  if (m) {
    const want = `${m[1]}${m[2]}objects`;
    const i = types.findIndex((x) => x.type === want);
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * pprof's choice of the sample type: an explicit name or index (`--sample-index`), else the
 * profile's default_sample_type, else the last type (pprof profile/index.go SampleIndexByName).
 * Returns -1 with a message when the request names no type.
 */
export function chooseSampleIndex(types: { type: string }[], requested: string | undefined, defaultType: string): number | string {
  if (requested !== undefined && requested !== "") {
    if (/^\d+$/.test(requested)) {
      const i = Number(requested);
      if (i < types.length) return i;
      return `sample index ${i} is out of range (the profile has ${types.length} sample types)`;
    }
    let want = requested;
    let i = types.findIndex((t) => t.type === want);
    // pprof accepts the old names "inuse"/"alloc" etc. by prefix too (e.g. "inuse" → inuse_space).
    if (i < 0) {
      want = requested.replace(/^sample_index=/, "");
      i = types.findIndex((t) => t.type === want || t.type === `${want}_space`);
    }
    if (i >= 0) return i;
    return `sample type "${requested}" is not in the profile (it has ${types.map((t) => t.type).join(", ")})`;
  }
  if (defaultType) {
    const i = types.findIndex((t) => t.type === defaultType);
    if (i >= 0) return i;
  }
  return types.length - 1;
}
