// Formats are sniffed from the bytes: the protobuf check must accept real profiles (gzip already
// inflated by the loader) and refuse everything else, since it is tried last.
import { readFileSync, readdirSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { sniffFormat } from "../../../src/formats/index.ts";
import { looksLikeProfileProto, looksLikeTextProfile } from "../../../src/formats/pprof/sniff.ts";
import { corpusPath, hasCorpus, samplePath } from "../../helpers/paths.ts";

const head = (b: Uint8Array) => b.subarray(0, 64);
const enc = (s: string) => new TextEncoder().encode(s);

describe("pprof sniffing", () => {
  it("accepts Go's protobuf and text profiles", () => {
    const pb = gunzipSync(readFileSync(samplePath("go", "profiles", "mapretain", "default", "heap.pb.gz")));
    expect(looksLikeProfileProto(head(pb))).toBe(true);
    expect(sniffFormat(head(pb))?.name).toBe("pprof");
    const txt = readFileSync(samplePath("go", "profiles", "mapretain", "default", "heap.txt"));
    expect(sniffFormat(head(txt))?.name).toBe("pprof-text");
  });

  it.skipIf(!hasCorpus)("accepts every corpus profile", () => {
    for (const f of readdirSync(corpusPath("pprof"))) {
      const raw = readFileSync(corpusPath("pprof", f));
      const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
      expect(sniffFormat(head(bytes))?.name, f).toBe("pprof");
    }
    for (const f of readdirSync(corpusPath("pprof-text"))) expect(looksLikeTextProfile(head(readFileSync(corpusPath("pprof-text", f)))), f).toBe(true);
  });

  it("refuses other inputs", () => {
    const others = [
      "goroutine profile: total 5\n",
      '{"nodes": []}',
      "JAVA PROFILE 1.0.2\u0000",
      "go1.7 heap dump\n",
      "hello, world\n",
      "\u0000\u0000\u0000\u0000",
      "--- contentionz 1 ---\n",
    ].map(enc);
    for (const b of others) expect(looksLikeProfileProto(head(b)), new TextDecoder().decode(b)).toBe(false);
    let seed = 7;
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const b = new Uint8Array(64);
      for (let j = 0; j < 64; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        b[j] = seed >>> 24;
      }
      if (looksLikeProfileProto(b)) accepted++;
    }
    // Random bytes rarely look like a Profile's first fields.
    expect(accepted).toBeLessThan(20);
  });
});
