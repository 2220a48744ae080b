// The hand-written decoder agrees with profile.proto as protobufjs reads it (reflection, Long off):
// real profiles decoded both ways give the same tables.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { decodeProfile } from "../../../src/formats/pprof/proto-decode.ts";
import { ROOT, corpusPath, hasCorpus, samplePath } from "../../helpers/paths.ts";

(protobuf.util as { Long?: unknown }).Long = undefined;
protobuf.configure();
const Profile = protobuf.loadSync(`${ROOT}/src/formats/pprof/profile.proto`).lookupType("perftools.profiles.Profile");

type Obj = Record<string, any>;
const num = (v: unknown) => Number(v ?? 0);

function compare(bytes: Uint8Array) {
  const ref = Profile.toObject(Profile.decode(bytes), { defaults: true }) as Obj;
  const p = decodeProfile(bytes, "x");
  expect(p.strings).toEqual(ref.stringTable);
  expect(p.sampleType).toEqual(ref.sampleType.flatMap((t: Obj) => [num(t.type), num(t.unit)]));
  expect(p.sampleCount).toBe(ref.sample.length);
  ref.sample.forEach((s: Obj, i: number) => {
    expect(Array.from(p.locIds.subarray(p.locStart[i], p.locStart[i + 1]))).toEqual(s.locationId.map(num));
    expect(Array.from(p.values.subarray(p.valStart[i], p.valStart[i + 1]))).toEqual(s.value.map(num));
  });
  expect(p.labelKey.length).toBe(ref.sample.reduce((a: number, s: Obj) => a + s.label.length, 0));
  expect(p.locationCount).toBe(ref.location.length);
  ref.location.forEach((l: Obj, j: number) => {
    expect([p.locId[j], p.locMapping[j], p.locAddress[j]]).toEqual([num(l.id), num(l.mappingId), num(l.address)]);
    expect(Array.from(p.lineFunction.subarray(p.lineStart[j], p.lineStart[j + 1]))).toEqual(l.line.map((x: Obj) => num(x.functionId)));
    expect(Array.from(p.lineNumber.subarray(p.lineStart[j], p.lineStart[j + 1]))).toEqual(l.line.map((x: Obj) => num(x.line)));
  });
  ref.function.forEach((f: Obj, j: number) => {
    expect([p.funcId[j], p.funcName[j], p.funcSystemName[j], p.funcFile[j], p.funcStartLine[j]]).toEqual(
      [f.id, f.name, f.systemName, f.filename, f.startLine].map(num),
    );
  });
  expect(p.mappings.map((m) => [m.id, m.memoryStart, m.memoryLimit, m.filename])).toEqual(
    ref.mapping.map((m: Obj) => [num(m.id), num(m.memoryStart), num(m.memoryLimit), num(m.filename)]),
  );
  expect([p.period, p.timeNanos, p.durationNanos, p.defaultSampleType]).toEqual([ref.period, ref.timeNanos, ref.durationNanos, ref.defaultSampleType].map(num));
}

describe("profile.proto vs the hand-written decoder", () => {
  it("Go sample profile", () => {
    compare(gunzipSync(readFileSync(samplePath("go", "profiles", "mapretain", "rate1", "heap.pb.gz"))));
  });
  it.skipIf(!hasCorpus)("corpus profiles (gzip and raw, field 11 first)", () => {
    compare(gunzipSync(readFileSync(corpusPath("pprof", "parca-go-alloc-objects.pb.gz"))));
    compare(readFileSync(corpusPath("pprof", "pyroscope-og-go-heap.pb")));
    compare(gunzipSync(readFileSync(corpusPath("pprof", "pyroscope-nodejs-heap.pb.gz"))));
  });
});
