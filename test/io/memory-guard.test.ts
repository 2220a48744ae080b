import { describe, expect, it } from "vitest";
import { LimitError } from "../../src/io/errors.ts";
import { defaultMaxMemory, guardedProgress, limitProgress, memoryGuard, parseMemorySize } from "../../src/io/memory-guard.ts";
import { silentProgress } from "../../src/io/progress.ts";

describe("memory guard", () => {
  it("parses sizes", () => {
    expect(parseMemorySize("4G")).toBe(4 * 1024 ** 3);
    expect(parseMemorySize("512m")).toBe(512 * 1024 ** 2);
    expect(parseMemorySize("1.5GiB")).toBe(1.5 * 1024 ** 3);
    expect(parseMemorySize("123456")).toBe(123456);
    expect(parseMemorySize(undefined)).toBeUndefined();
    expect(() => parseMemorySize("lots")).toThrow(/not a memory size/);
    expect(defaultMaxMemory()).toBeGreaterThan(256 * 1024 ** 2);
  });

  it("throws a LimitError past the RSS limit or near V8's heap limit", () => {
    let rss = 100;
    let heapUsed = 10;
    const g = memoryGuard(1000, () => ({ rss, heapUsed, heapLimit: 1000 }));
    expect(() => g.check("loading")).not.toThrow();
    rss = 2000;
    expect(() => g.check("loading")).toThrow(LimitError);
    expect(() => g.check("loading")).toThrow(/while loading.*--max-memory/);
    rss = 100;
    heapUsed = 990;
    expect(() => g.check()).toThrow(/max-old-space-size/);
  });

  it("checks between phases and on (throttled) ticks", async () => {
    let rss = 0;
    const p = guardedProgress(silentProgress, memoryGuard(1000, () => ({ rss, heapUsed: 0, heapLimit: 0 })));
    p.phase("a");
    rss = 5000;
    expect(() => p.end()).toThrow(LimitError);
    rss = 0;
    p.phase("b");
    rss = 5000;
    let thrown: unknown;
    const t0 = performance.now();
    // Ticks look at the clock every 64 calls and check at most every 50 ms: a long loop is stopped.
    while (!thrown && performance.now() - t0 < 2000) {
      try {
        p.tick(1);
      } catch (e) {
        thrown = e;
      }
    }
    expect(thrown).toBeInstanceOf(LimitError);
  });

  it("is a no-op without a limit", () => {
    expect(limitProgress(silentProgress, undefined)).toBe(silentProgress);
  });
});
