import type { Rng } from "../rng.ts";
import { fromLatin1, latin1 } from "./bytes.ts";
import type { Mutator } from "./types.ts";

/** Line-level mutations of legacy text heap profiles (go-formats.md §2): broken numbers and lines. */

function lines(b: Uint8Array): string[] {
  return latin1(b).split("\n");
}
function join(ls: string[]): Uint8Array {
  return fromLatin1(ls.join("\n"));
}

const BROKEN_NUMBERS = [
  "", "-", "-1", "-0", "+5", "0x10", "1e9", "1.5", "NaN", "Infinity", "99999999999999999999999999999", "18446744073709551616",
  "9007199254740993", "00000000000000000000001", "1_000", "١٢٣", "\u0000", "12a", " ", "\t7",
];

function mutateLines(name: string, f: (ls: string[], rng: Rng) => boolean): Mutator {
  return {
    name,
    apply(b, rng) {
      const ls = lines(b);
      return f(ls, rng) ? join(ls) : null;
    },
  };
}

/** Replaces one number (in the header or a record) with a broken one. */
export const textBrokenNumber = mutateLines("text-broken-number", (ls, rng) => {
  const cand = ls.map((l, i) => i).filter((i) => /\d/.test(ls[i]));
  if (!cand.length) return false;
  const i = rng.chance(0.3) ? cand[0] : rng.pick(cand);
  const nums = [...ls[i].matchAll(/-?\d+/g)];
  if (!nums.length) return false;
  const m = rng.pick(nums);
  ls[i] = ls[i].slice(0, m.index) + rng.pick(BROKEN_NUMBERS) + ls[i].slice(m.index! + m[0].length);
  return true;
});

/** Broken addresses: non-hex, too long, missing 0x, thousands of frames. */
export const textBrokenAddress = mutateLines("text-broken-address", (ls, rng) => {
  const cand = ls.map((l, i) => i).filter((i) => /@\s*0x/.test(ls[i]));
  if (!cand.length) return false;
  const i = rng.pick(cand);
  const mode = rng.int(5);
  if (mode === 0) ls[i] = ls[i].replace(/0x[0-9a-f]+/, "0xZZZZ");
  else if (mode === 1) ls[i] = ls[i].replace(/0x[0-9a-f]+/, "0x" + "f".repeat(rng.pick([17, 40, 400])));
  else if (mode === 2) ls[i] = ls[i].replace(/0x/, "");
  else if (mode === 3) ls[i] = ls[i] + " 0x1".repeat(rng.pick([100, 10000, 100000]));
  else ls[i] = ls[i].replace(/@.*/, "@");
  return true;
});

export const textDeleteLine = mutateLines("text-delete-line", (ls, rng) => {
  if (ls.length < 2) return false;
  ls.splice(rng.chance(0.2) ? 0 : rng.int(ls.length), rng.smallInt(8) + 1);
  return true;
});

export const textDuplicateLine = mutateLines("text-duplicate-line", (ls, rng) => {
  const i = rng.int(ls.length);
  const copies = rng.chance(0.1) ? rng.pick([1000, 50000]) : rng.range(1, 3);
  ls.splice(rng.int(ls.length + 1), 0, ...Array(copies).fill(ls[i]));
  return true;
});

export const textSwapLines = mutateLines("text-swap-lines", (ls, rng) => {
  if (ls.length < 2) return false;
  const i = rng.int(ls.length), j = rng.int(ls.length);
  [ls[i], ls[j]] = [ls[j], ls[i]];
  return true;
});

/** Cuts a line in the middle (a half-written profile) and drops everything after it. */
export const textTruncateLine = mutateLines("text-truncate-line", (ls, rng) => {
  const i = rng.int(ls.length);
  ls[i] = ls[i].slice(0, rng.int(ls[i].length + 1));
  ls.length = i + 1;
  return true;
});

const GARBAGE_LINES = [
  "heap profile: 1: 2 [3: 4] @ heap/1048576", "--- Memory map: ---", "MAPPED_LIBRARIES:", "# runtime.MemStats", "# Alloc = x",
  "#\t0x1\tmain.main+0x1\t/x.go:1", "#\t0xZZ", "1: 2 [3: 4] @", "1: 2 [3: 4]", "1: 2 3: 4 @ 0x1", ": [:] @ 0x1",
  "0: 0 [0: 0] @ 0x0", "-5: -7 [0: 0] @ 0x1", "\u001b[31mred\u001b[0m", "<script>alert(1)</script>", "\r", "\u0000\u0000", "\ufeff",
  "x".repeat(100000), "heap profile: 0: 0 [0: 0] @ heap/0", "heap profile: 1: 1 [1: 1] @ heap_v2/-1", "heap profile: 1: 1 [1: 1] @ heapprofile",
  "--- heapz 1 ---", "format = java", "1: 1 [1: 1] @ " + "0x1 ".repeat(5000),
];

export const textInsertGarbage = mutateLines("text-insert-garbage", (ls, rng) => {
  ls.splice(rng.int(ls.length + 1), 0, rng.pick(GARBAGE_LINES));
  return true;
});

/** Line endings and separators changed: CRLF, CR only, tabs for spaces, no trailing newline. */
export const textLineEndings: Mutator = {
  name: "text-line-endings",
  apply(b, rng) {
    const s = latin1(b);
    const mode = rng.int(4);
    if (mode === 0) return fromLatin1(s.replace(/\n/g, "\r\n"));
    if (mode === 1) return fromLatin1(s.replace(/\n/g, "\r"));
    if (mode === 2) return fromLatin1(s.replace(/ /g, "\t"));
    return fromLatin1(s.replace(/\n+$/, ""));
  },
};

/** A header with hostile sampling fields (the period drives scaling: 0, negative, huge). */
export const textHeader = mutateLines("text-header", (ls, rng) => {
  const i = ls.findIndex((l) => /heap profile:/.test(l));
  if (i < 0) return false;
  const period = rng.pick(["0", "-1", "1", "18446744073709551615", "1e3", "", "x"]);
  const mode = rng.pick(["heap", "heap_v2", "heapz_v2", "heapprofile", "growthz", "heap_v9", ""]);
  ls[i] = ls[i].replace(/@\s*\S+$/, `@ ${mode}/${period}`);
  return true;
});

export const TEXT_MUTATORS: readonly Mutator[] = [
  textBrokenNumber, textBrokenAddress, textDeleteLine, textDuplicateLine, textSwapLines, textTruncateLine, textInsertGarbage, textLineEndings, textHeader,
];
