import { describe, expect, it } from "vitest";
import { allocationSiteName } from "../../../src/formats/godump/names.ts";

const b = (frames: [string, string, number][], size = 0) => ({ size, allocs: 1, frees: 0, frames: frames.map(([fn, file, line]) => ({ fn, file, line })) });

describe("allocation-site names from memprof stacks (leaf first)", () => {
  it("uses the first frame outside the runtime, with the file's base name", () => {
    expect(allocationSiteName(b([["runtime.malg", "/usr/lib/go/src/runtime/proc.go", 4077]]), 416, 8)).toBe("runtime.malg (proc.go:4077)");
    expect(allocationSiteName(b([["main.fill", "/src/main.go", 27], ["main.main", "/src/main.go", 70]]), 64, 8)).toBe("main.fill (main.go:27)");
  });
  it("recognises classic map allocations (go1.19 stacks as measured in go-formats.md §8.5)", () => {
    const grow: [string, string, number][] = [["runtime.makeBucketArray", "map.go", 377], ["runtime.hashGrow", "map.go", 1051], ["runtime.mapassign_faststr", "map_faststr.go", 276], ["main.fill", "/src/main.go", 27]];
    expect(allocationSiteName(b(grow), 14483456, 8)).toBe("map.buckets @ main.fill (main.go:27)");
    expect(allocationSiteName(b([["runtime.makemap", "map.go", 1086], ["main.main", "/src/main.go", 44]]), 48, 8)).toBe("map.hmap @ main.main (main.go:44)");
    expect(allocationSiteName(b([["runtime.makemap", "map.go", 336], ["main.main", "/src/main.go", 44]]), 24, 8)).toBe("map.extra @ main.main (main.go:44)");
    expect(allocationSiteName(b([["runtime.(*hmap).newoverflow", "map.go", 250], ["runtime.mapassign_faststr", "m.go", 1], ["main.f", "/a/b.go", 9]]), 208, 8)).toBe("map.overflow @ main.f (b.go:9)");
    expect(allocationSiteName(b([["runtime.mapassign_fast64", "m.go", 1], ["main.f", "/a/b.go", 9]]), 144, 8)).toBe("map.buckets @ main.f (b.go:9)");
  });
  it("recognises Swiss-table allocations (Go 1.24+ internal/runtime/maps frames; not producible with go1.19)", () => {
    const groups: [string, string, number][] = [["internal/runtime/maps.newarray", "runtime.go", 1], ["internal/runtime/maps.newGroups", "group.go", 1], ["internal/runtime/maps.(*table).rehash", "table.go", 1], ["runtime.mapassign_faststr", "m.go", 1], ["main.fill", "/src/main.go", 27]];
    expect(allocationSiteName(b(groups), 8192, 8)).toBe("map.groups @ main.fill (main.go:27)");
    expect(allocationSiteName(b([["internal/runtime/maps.NewEmptyMap", "map.go", 1], ["main.main", "/src/main.go", 5]]), 48, 8)).toBe("map.Map @ main.main (main.go:5)");
  });
});
