import type { MemProfBucket } from "./parse.ts";

/**
 * Names an object by its allocation-sample stack (objects carry no type in the dump): the first
 * frame outside the runtime, "main.fill (main.go:27)", prefixed with the map part when the runtime
 * frames above it show a map allocation (go-formats.md §6 allocation stacks):
 *   classic: makeBucketArray/hashGrow → map.buckets, (*hmap).newoverflow → map.overflow,
 *            makemap/makemap_small → map.hmap (or map.extra for the 3-pointer mapextra);
 *   Swiss (Go 1.24+, internal/runtime/maps): newarray/newGroups → map.groups, newTable → map.table,
 *            NewMap/NewEmptyMap → map.Map, directory slices → map.directory.
 */
export function allocationSiteName(b: MemProfBucket, objectSize: number, ptrSize: number): string {
  const frames = b.frames;
  let user = -1;
  for (let i = 0; i < frames.length; i++) {
    if (!isRuntimeFrame(frames[i].fn)) {
      user = i;
      break;
    }
  }
  const at = user >= 0 ? user : 0;
  const f = frames[at];
  if (!f) return "unknown site";
  const site = `${f.fn} (${baseName(f.file)}:${f.line})`;
  const part = mapPart(frames, user < 0 ? frames.length : user, objectSize, ptrSize);
  return part ? `${part} @ ${site}` : site;
}

export function isRuntimeFrame(fn: string): boolean {
  return fn.startsWith("runtime.") || fn.startsWith("internal/runtime/");
}

function mapPart(frames: MemProfBucket["frames"], end: number, size: number, ptrSize: number): string | undefined {
  let part: string | undefined;
  for (let i = 0; i < end; i++) {
    const fn = frames[i].fn;
    if (fn.startsWith("internal/runtime/maps.")) {
      const m = fn.slice("internal/runtime/maps.".length);
      if (/newarray|newGroups/.test(m)) return "map.groups";
      if (/newTable|\(\*table\)\.reset/.test(m)) return "map.table";
      if (/installTableSplit|growToTable|\(\*Map\)\.grow/.test(m)) return "map.directory";
      if (/NewMap|NewEmptyMap/.test(m)) return "map.Map";
      part ??= "map";
      continue;
    }
    if (fn === "runtime.makeBucketArray" || fn === "runtime.hashGrow") return "map.buckets";
    const extraSize = ptrSize === 8 ? 24 : 16; // mapextra: three pointers
    if (fn === "runtime.(*hmap).newoverflow") return i === 0 && size > extraSize ? "map.overflow" : "map.extra";
    if (fn === "runtime.makemap" || fn === "runtime.makemap_small" || fn === "runtime.makemap64") {
      return size === extraSize ? "map.extra" : "map.hmap";
    }
    if (fn.startsWith("runtime.mapassign") && i === 0) part ??= "map.buckets";
  }
  return part;
}

function baseName(path: string): string {
  const k = path.lastIndexOf("/");
  return k >= 0 ? path.slice(k + 1) : path;
}
