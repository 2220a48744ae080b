import { describe, expect, it } from "vitest";
import { EdgeKind, NodeKind, RootKind } from "../../../src/graph/kinds.ts";
import { InputError } from "../../../src/io/errors.ts";
import { HprofWriter, T, type HeapBody } from "../../fixtures/hprof-writer.ts";
import { edgesOf, loadBytes, node } from "./load-bytes.ts";

/** A JDK-like class set written into `w`; ids are multiples of 8 from 0x1000 (x idScale). */
function jdk(w: HprofWriter) {
  const s = w.idSize >= 8 ? 0x6_0000_0000 : 0;
  const id = (n: number) => s + n;
  const OBJ = w.defineClass("java/lang/Object", id(0x1000), 0);
  const STR = w.defineClass("java/lang/String", id(0x1008), OBJ.id, [
    { name: "value", type: T.object },
    { name: "coder", type: T.byte },
    { name: "hash", type: T.int },
  ]);
  const REF = w.defineClass("java/lang/ref/Reference", id(0x1010), OBJ.id, [
    { name: "referent", type: T.object },
    { name: "queue", type: T.object },
    { name: "next", type: T.object },
    { name: "discovered", type: T.object },
  ]);
  const WEAK = w.defineClass("java/lang/ref/WeakReference", id(0x1018), REF.id);
  const SOFT = w.defineClass("java/lang/ref/SoftReference", id(0x1020), REF.id, [{ name: "timestamp", type: T.long }]);
  const PHANTOM = w.defineClass("java/lang/ref/PhantomReference", id(0x1028), REF.id);
  const FINALREF = w.defineClass("java/lang/ref/FinalReference", id(0x1030), REF.id);
  const FINALIZER = w.defineClass("java/lang/ref/Finalizer", id(0x1038), FINALREF.id, [
    { name: "next", type: T.object },
    { name: "prev", type: T.object },
  ]);
  const ENTRY = w.defineClass("java/util/WeakHashMap$Entry", id(0x1040), WEAK.id, [
    { name: "value", type: T.object },
    { name: "hash", type: T.int },
    { name: "next", type: T.object },
  ]);
  const INT = w.defineClass("java/lang/Integer", id(0x1048), OBJ.id, [{ name: "value", type: T.int }]);
  const ENUM = w.defineClass("java/lang/Enum", id(0x1050), OBJ.id, [
    { name: "name", type: T.object },
    { name: "ordinal", type: T.int },
  ]);
  const COLOR = w.defineClass("demo/Color", id(0x1058), ENUM.id);
  const THREAD = w.defineClass("java/lang/Thread", id(0x1060), OBJ.id, [{ name: "name", type: T.object }]);
  const BYTES = w.defineClass("[B", id(0x1068), OBJ.id);
  const CHARS = w.defineClass("[C", id(0x1070), OBJ.id);
  const OBJS = w.defineClass("[Ljava/lang/Object;", id(0x1078), OBJ.id);
  const LAMBDA = w.defineClass("demo/Main$$Lambda$14+0x0000000800c01234", id(0x1080), OBJ.id, [{ name: "arg$1", type: T.object }]);
  const MAIN = w.defineClass("demo/Main", id(0x1088), OBJ.id, [], [
    { name: "CACHE", type: T.object, value: id(0x2100) },
    { name: "COUNT", type: T.int, value: 7 },
    { name: "<resolved_references>", type: T.object, value: id(0x2108) },
  ]);
  const all = [OBJ, STR, REF, WEAK, SOFT, PHANTOM, FINALREF, FINALIZER, ENTRY, INT, ENUM, COLOR, THREAD, BYTES, CHARS, OBJS, LAMBDA, MAIN];
  return { id, OBJ, STR, REF, WEAK, SOFT, PHANTOM, FINALREF, FINALIZER, ENTRY, INT, ENUM, COLOR, THREAD, BYTES, CHARS, OBJS, LAMBDA, MAIN, classDumps: (h: HeapBody) => all.forEach((c) => h.classDump(c)) };
}

const latin1 = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

describe("HPROF writer-DSL cases", () => {
  it("decodes fields, edges, edge kinds, statics, roots and values (id size 8, segments)", () => {
    const w = new HprofWriter({ idSize: 8 });
    const j = jdk(w);
    const { id } = j;
    const mainSerial = j.MAIN.serial;
    w.frame(1, "run", "Main.java", mainSerial, 42);
    w.trace(2, 1, [1]);
    w.segment((h) => {
      j.classDumps(h);
      // "héllo" UTF-16 LE (coder 1) and a LATIN1 string
      h.instance(id(0x2000), j.STR.id, [{ type: T.object, value: id(0x2008) }, { type: T.byte, value: 1 }, { type: T.int, value: 0 }]);
      h.primArray(id(0x2008), T.byte, [0x68, 0, 0xe9, 0, 0x6c, 0, 0x6c, 0, 0x6f, 0]);
      h.instance(id(0x2010), j.STR.id, [{ type: T.object, value: id(0x2018) }, { type: T.byte, value: 0 }, { type: T.int, value: 0 }]);
      h.primArray(id(0x2018), T.byte, latin1("worker-1"));
      // WeakHashMap$Entry: own fields (value, hash, next) then Reference (referent, queue, next, discovered)
      h.instance(id(0x2020), j.ENTRY.id, [
        { type: T.object, value: id(0x2000) },
        { type: T.int, value: 99 },
        { type: T.object, value: id(0x2028) },
        { type: T.object, value: id(0x2010) },
        { type: T.object, value: 0 },
        { type: T.object, value: id(0x2020) },
        { type: T.object, value: 0 },
      ]);
      h.instance(id(0x2028), j.SOFT.id, [{ type: T.long, value: 5 }, { type: T.object, value: id(0x2000) }, { type: T.object, value: 0 }, { type: T.object, value: 0 }, { type: T.object, value: 0 }]);
      h.instance(id(0x2030), j.PHANTOM.id, [{ type: T.object, value: id(0x2000) }, { type: T.object, value: 0 }, { type: T.object, value: 0 }, { type: T.object, value: 0 }]);
      h.instance(id(0x2038), j.FINALIZER.id, [{ type: T.object, value: id(0x2040) }, { type: T.object, value: 0 }, { type: T.object, value: id(0x2000) }, { type: T.object, value: 0 }, { type: T.object, value: 0 }, { type: T.object, value: 0 }]);
      h.instance(id(0x2040), j.INT.id, [{ type: T.int, value: -123456 }]);
      h.instance(id(0x2048), j.COLOR.id, [{ type: T.object, value: id(0x2050) }, { type: T.int, value: 1 }]);
      h.instance(id(0x2050), j.STR.id, [{ type: T.object, value: id(0x2058) }, { type: T.byte, value: 0 }, { type: T.int, value: 0 }]);
      h.primArray(id(0x2058), T.byte, latin1("GREEN"));
      h.instance(id(0x2060), j.THREAD.id, [{ type: T.object, value: id(0x2010) }]);
      h.instance(id(0x2068), j.LAMBDA.id, [{ type: T.object, value: id(0x2040) }]);
      h.objArray(id(0x2100), j.OBJS.id, [id(0x2000), 0, id(0x2068)]);
      h.objArray(id(0x2108), j.OBJS.id, []);
    });
    w.segment((h) => {
      h.root(0x08, id(0x2060), 1, 2);
      h.root(0x03, id(0x2100), 1, 0);
      h.root(0x05, j.MAIN.id);
      h.jniGlobal(id(0x2040), 0x7f000000);
    });
    w.end();
    const g = loadBytes(w.bytes());
    expect(g.warnings).toEqual([]);
    const meta = g.inputs[0].meta;
    expect(meta.version).toBe("JAVA PROFILE 1.0.2");
    expect(meta.idSize).toBe(8);
    expect(meta.idsAscending).toBe(true);
    // Ids above 4 GiB, 8-byte aligned: kept as 32-bit slots, read back exactly.
    expect(g.externalId).toBeInstanceOf(Uint32Array);
    expect(g.idScale).toBe(8);
    expect(g.hexId(node(g, id(0x2108)))).toBe("0x" + id(0x2108).toString(16));

    const entry = node(g, id(0x2020));
    expect(g.typeName(entry)).toBe("java.util.WeakHashMap$Entry");
    expect(g.shallow[entry]).toBe(40);
    const e = edgesOf(g, entry);
    const hx = (n: number) => "0x" + id(n).toString(16);
    expect(e).toContain(`<class>->${hx(0x1040)}:${EdgeKind.Internal}`);
    expect(e).toContain(`value->${hx(0x2000)}:${EdgeKind.Strong}`);
    expect(e).toContain(`next->${hx(0x2028)}:${EdgeKind.Strong}`);
    expect(e).toContain(`referent->${hx(0x2010)}:${EdgeKind.Weak}`);
    expect(e).toContain(`Reference.next->${hx(0x2020)}:${EdgeKind.Strong}`);
    expect(edgesOf(g, node(g, id(0x2028)))).toContain(`referent->${hx(0x2000)}:${EdgeKind.Soft}`);
    expect(edgesOf(g, node(g, id(0x2030)))).toContain(`referent->${hx(0x2000)}:${EdgeKind.Phantom}`);
    const fin = edgesOf(g, node(g, id(0x2038)));
    expect(fin).toContain(`referent->${hx(0x2000)}:${EdgeKind.Final}`);
    expect(fin).toContain(`next->${hx(0x2040)}:${EdgeKind.Weak}`);

    const main = node(g, j.MAIN.id);
    expect(g.kind[main]).toBe(NodeKind.Class);
    expect(g.typeName(main)).toBe("demo.Main");
    const me = edgesOf(g, main);
    expect(me).toContain(`CACHE->${hx(0x2100)}:${EdgeKind.Strong}`);
    expect(me).toContain(`<resolved_references>->${hx(0x2108)}:${EdgeKind.Strong}`);
    expect(me).toContain(`<super>->${hx(0x1000)}:${EdgeKind.Internal}`);
    expect(edgesOf(g, node(g, id(0x2100)))).toEqual([`<class>->${hx(0x1078)}:${EdgeKind.Internal}`, `[0]->${hx(0x2000)}:${EdgeKind.Strong}`, `[2]->${hx(0x2068)}:${EdgeKind.Strong}`]);
    expect(g.typeName(node(g, id(0x2068)))).toBe("demo.Main$$Lambda$14/0x0000000800c01234");
    expect(g.typeName(node(g, id(0x2008)))).toBe("byte[]");
    expect(g.typeName(node(g, id(0x2100)))).toBe("java.lang.Object[]");
    expect(g.shallow[node(g, id(0x2100))]).toBe(32);

    // types: one per CLASS_DUMP, with super and class node
    const tEntry = g.type[entry];
    expect(g.types.classNode[tEntry]).toBe(node(g, j.ENTRY.id));
    expect(g.types.names[g.types.superType[tEntry]]).toBe("java.lang.ref.WeakReference");

    // roots
    const roots = Array.from({ length: g.rootCount }, (_, r) => `${g.rootKind[r]}:${g.rootLabelText(r)}:${g.hexId(g.rootNode[r])}`);
    expect(roots).toContain(`${RootKind.ThreadObject}:worker-1:${hx(0x2060)}`);
    expect(roots).toContain(`${RootKind.JavaFrame}:worker-1 @ demo.Main.run(Main.java:42):${hx(0x2100)}`);
    expect(roots).toContain(`${RootKind.StickyClass}:demo.Main:${hx(0x1088)}`);
    expect(roots).toContain(`${RootKind.JniGlobal}:JNI global:${hx(0x2040)}`);

    // values
    const v = g.values(entry)!;
    expect(v.display(node(g, id(0x2000)))).toBe('"héllo"');
    expect(v.display(node(g, id(0x2040)))).toBe("-123456");
    expect(v.display(node(g, id(0x2048)))).toBe("GREEN");
    expect(v.display(main)).toBe("demo.Main");
    expect(v.field(entry, "hash")?.value).toBe(99);
    expect(v.field(entry, "next")?.value).toBe(node(g, id(0x2028)));
    expect(v.field(entry, "Reference.next")?.value).toBe(entry);
    expect(v.field(entry, "java.lang.ref.Reference.next")?.declaringType).toBe("java.lang.ref.Reference");
    expect(v.field(entry, "queue")?.value).toBe(-1);
    expect(v.fields(entry).map((f) => f.name)).toEqual(["value", "hash", "next", "referent", "queue", "next", "discovered"]);
    expect(v.statics(main).map((f) => [f.name, f.value])).toEqual([["CACHE", node(g, id(0x2100))], ["COUNT", 7], ["<resolved_references>", node(g, id(0x2108))]]);
    expect(v.arrayLength(node(g, id(0x2100)))).toBe(3);
    expect(v.arrayLength(node(g, id(0x2008)))).toBe(10);
  });

  it("id size 4, HEAP DUMP (0x0C), roots before objects, old char[] strings, 32-bit sizes", () => {
    const w = new HprofWriter({ idSize: 4, version: "JAVA PROFILE 1.0.1" });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0);
    const STR = w.defineClass("java/lang/String", 0x1008, OBJ.id, [
      { name: "value", type: T.object },
      { name: "offset", type: T.int },
      { name: "count", type: T.int },
      { name: "hash", type: T.int },
    ]);
    const CH = w.defineClass("[C", 0x1010, OBJ.id);
    w.heapDump((h) => {
      h.root(0xff, 0x2000);
      h.root(0x06, 0x2000, 3);
      h.root(0x07, 0x2008);
      h.classDump(OBJ).classDump(STR).classDump(CH);
      h.instance(0x2000, STR.id, [{ type: T.object, value: 0x2008 }, { type: T.int, value: 1 }, { type: T.int, value: 3 }, { type: T.int, value: 0 }]);
      h.primArray(0x2008, T.char, Array.from("xabcx", (c) => c.charCodeAt(0)));
    });
    const g = loadBytes(w.bytes());
    expect(g.warnings).toEqual([]);
    const s = node(g, 0x2000);
    expect(g.values(s)!.display(s)).toBe('"abc"');
    expect(g.shallow[s]).toBe(24); // 8 header + 4 ref + 3 ints = 24
    expect(g.shallow[node(g, 0x2008)]).toBe(24); // 12 + 5*2 = 22 -> 24
    expect(g.typeName(node(g, 0x2008))).toBe("char[]");
    const kinds = Array.from(g.rootKind).sort();
    expect(kinds).toEqual([RootKind.Unknown, RootKind.ThreadBlock, RootKind.MonitorUsed].sort());
  });

  it("tolerates duplicate LOAD_CLASS, dangling ids, java.lang.Class instances, unknown classes, late CLASS_DUMPs", () => {
    const w = new HprofWriter({ idSize: 8 });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0);
    const HOLDER = w.defineClass("demo/Holder", 0x1008, OBJ.id, [{ name: "a", type: T.object }, { name: "b", type: T.object }]);
    w.loadClass(0x1008, "demo/Holder"); // duplicate (JDK 17 does this for array classes)
    const CLS = w.defineClass("java/lang/Class", 0x1010, OBJ.id, [{ name: "name", type: T.object }]);
    const LATE = w.defineClass("demo/Late", 0x1018, OBJ.id, [{ name: "x", type: T.int }]);
    w.segment((h) => {
      h.classDump(OBJ).classDump(HOLDER).classDump(CLS);
      h.instance(0x2000, HOLDER.id, [{ type: T.object, value: 0x9990 }, { type: T.object, value: 0x2008 }]);
      h.instance(0x2008, CLS.id, [{ type: T.object, value: 0 }]); // a primitive mirror like int.class
      h.instance(0x2010, 0x5550, []); // class never dumped
      h.instance(0x2018, LATE.id, [{ type: T.int, value: 3 }]); // CLASS_DUMP comes later
      h.root(0x05, 0x7770); // root to a missing object
    });
    w.segment((h) => h.classDump(LATE));
    w.end();
    const g = loadBytes(w.bytes());
    const warnings = g.warnings.join("\n");
    expect(warnings).toMatch(/1 references to objects that are not in the dump/);
    expect(warnings).toMatch(/1 objects of 1 classes without a CLASS_DUMP/);
    expect(warnings).toMatch(/1 GC roots name objects that are not in the dump/);
    expect(g.inputs[0].meta.duplicateLoadClass).toBe(1);
    expect(edgesOf(g, node(g, 0x2000))).toEqual(["<class>->0x1008:5", "b->0x2008:0"]);
    expect(g.typeName(node(g, 0x2008))).toBe("java.lang.Class");
    expect(g.kind[node(g, 0x2008)]).toBe(NodeKind.Instance);
    expect(g.typeName(node(g, 0x2010))).toBe("unknown class 0x5550");
    const late = node(g, 0x2018);
    expect(g.typeName(late)).toBe("demo.Late");
    expect(g.shallow[late]).toBe(16);
    expect(g.values(late)!.field(late, "x")?.value).toBe(3);
  });

  it("refuses an unknown sub-tag, naming the offset and the previous tag", () => {
    const w = new HprofWriter({ idSize: 8 });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0);
    w.segment((h) => {
      h.classDump(OBJ);
      h.raw([0x42, 1, 2, 3]);
    });
    const bytes = w.bytes();
    let err: unknown;
    try {
      loadBytes(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    const ie = err as InputError;
    expect(ie.message).toMatch(/unknown heap dump sub-record tag 0x42/);
    expect(ie.message).toMatch(/previous sub-record: 0x20 CLASS_DUMP/);
    expect(bytes[ie.offset]).toBe(0x42);
  });

  it("Android 1.0.3: 0xC3 no-data arrays, Android roots, HEAP_DUMP_INFO, real instance sizes", () => {
    const w = new HprofWriter({ idSize: 4, version: "JAVA PROFILE 1.0.3" });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0, [], [], { instanceSize: 8 });
    const APP = w.defineClass("com/app/Activity", 0x1008, OBJ.id, [{ name: "ctx", type: T.object }], [], { instanceSize: 28 });
    const heapName = w.string("app");
    w.segment((h) => {
      h.heapInfo(0x41, heapName);
      h.classDump(OBJ).classDump(APP);
      h.instance(0x2000, APP.id, [{ type: T.object, value: 0x2008 }]);
      h.primArrayNoData(0x2008, T.int, 100);
      h.primArray(0x2010, T.byte, [1, 2, 3]);
      for (const tag of [0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x90]) h.root(tag, 0x2010);
      h.root(0x8e, 0x2000, 1, 0xffffffff);
    });
    w.segment((h) => h.heapInfo(0x5a, heapName).root(0x04, 0x2000, 1));
    w.end();
    const g = loadBytes(w.bytes());
    expect(g.warnings).toEqual([]);
    expect(g.shallow[node(g, 0x2000)]).toBe(28);
    const arr = node(g, 0x2008);
    expect(g.typeName(arr)).toBe("int[]");
    expect(g.kind[arr]).toBe(NodeKind.PrimitiveArray);
    expect(g.shallow[arr]).toBe(416);
    expect(g.values(arr)!.arrayLength(arr)).toBe(100);
    expect(edgesOf(g, node(g, 0x2000))).toContain("ctx->0x2008:0");
    expect(Array.from(g.rootKind).sort((a, b) => a - b)).toEqual(
      [RootKind.InternedString, RootKind.Finalizing, RootKind.Debugger, RootKind.ReferenceCleanup, RootKind.VmInternal, RootKind.Unreachable, RootKind.JniMonitor, RootKind.NativeStack].sort((a, b) => a - b),
    );
    expect((g.inputs[0].meta.subRecordCounts as Record<string, number>).HEAP_DUMP_INFO).toBe(2);
  });

  it("shallow sizes are Uint32 until an array of 4 GiB or more, then Float64 with every size kept", () => {
    const w = new HprofWriter({ idSize: 4, version: "JAVA PROFILE 1.0.3" });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0, [], [], { instanceSize: 8 });
    const APP = w.defineClass("com/app/Big", 0x1008, OBJ.id, [{ name: "a", type: T.object }, { name: "b", type: T.object }], [], { instanceSize: 16 });
    const small = (g: ReturnType<typeof loadBytes>) => {
      expect(g.shallow[node(g, 0x2000)]).toBe(16);
      expect(g.shallow[node(g, 0x2008)]).toBe(416);
    };
    const plain = new HprofWriter({ idSize: 4, version: "JAVA PROFILE 1.0.3" });
    const POBJ = plain.defineClass("java/lang/Object", 0x1000, 0, [], [], { instanceSize: 8 });
    const PAPP = plain.defineClass("com/app/Big", 0x1008, POBJ.id, [{ name: "a", type: T.object }, { name: "b", type: T.object }], [], { instanceSize: 16 });
    plain.segment((h) => h.classDump(POBJ).classDump(PAPP).instance(0x2000, PAPP.id, [{ type: T.object, value: 0x2008 }, { type: T.object, value: 0 }]).primArrayNoData(0x2008, T.int, 100).root(0x8e, 0x2000, 1, 0));
    plain.end();
    const pg = loadBytes(plain.bytes());
    expect(pg.shallow).toBeInstanceOf(Uint32Array);
    small(pg);
    w.segment((h) => {
      h.classDump(OBJ).classDump(APP);
      h.instance(0x2000, APP.id, [{ type: T.object, value: 0x2008 }, { type: T.object, value: 0x2010 }]);
      h.primArrayNoData(0x2008, T.int, 100);
      h.primArrayNoData(0x2010, T.long, 0x7fffffff); // 16 GiB, as a long[Integer.MAX_VALUE] would be
      h.primArrayNoData(0x2018, T.byte, 3);
      h.root(0x8e, 0x2000, 1, 0);
    });
    w.end();
    const g = loadBytes(w.bytes());
    expect(g.shallow).toBeInstanceOf(Float64Array);
    small(g);
    expect(g.shallow[node(g, 0x2010)]).toBe(16 + 8 * 0x7fffffff);
    expect(g.shallow[node(g, 0x2018)]).toBe(16); // 12-byte header + 3, aligned to 8
  });

  it("several dumps in one file: loads the last by default, dumpIndex picks another, warns", () => {
    const w = new HprofWriter({ idSize: 4 });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0);
    w.segment((h) => h.classDump(OBJ).instance(0x2000, OBJ.id, []));
    w.end();
    w.segment((h) => h.classDump(OBJ).instance(0x3000, OBJ.id, []).instance(0x3008, OBJ.id, []));
    w.end();
    w.heapDump((h) => h.classDump(OBJ).instance(0x4000, OBJ.id, []).instance(0x4008, OBJ.id, []).instance(0x4010, OBJ.id, []));
    const last = loadBytes(w.bytes());
    expect(last.nodeCount).toBe(4);
    expect(last.warnings.join()).toMatch(/holds 3 heap dumps; loaded dump 2/);
    expect(last.inputs[0].meta.dumpCount).toBe(3);
    const first = loadBytes(w.bytes(), { dumpIndex: 0 });
    expect(first.nodeCount).toBe(2);
    expect(first.findByExternalId(0x2000)).toBeGreaterThanOrEqual(0);
    expect(() => loadBytes(w.bytes(), { dumpIndex: 3 })).toThrow(InputError);
  });

  it("absurd lengths: an array longer than its segment is an InputError; past EOF a truncation warning", () => {
    const mk = (cut: boolean) => {
      const w = new HprofWriter({ idSize: 8 });
      const OBJ = w.defineClass("java/lang/Object", 0x1000, 0);
      w.segment((h) => {
        h.classDump(OBJ).instance(0x2000, OBJ.id, []);
        // PRIM_ARRAY_DUMP header claiming 2^31 ints
        h.raw([0x23, 0, 0, 0, 0, 0, 0, 0x20, 0x08, 0, 0, 0, 1, 0x80, 0, 0, 0, T.int, 1, 2, 3, 4]);
      });
      if (!cut) w.end();
      return w.bytes();
    };
    expect(() => loadBytes(mk(false))).toThrow(/crosses the end of its heap dump record/);
    // Same bytes as the tail of a file (segment reaching EOF): a truncated dump, loaded up to the array.
    const b = mk(true);
    const g = loadBytes(b);
    expect(g.nodeCount).toBe(2);
    expect(g.warnings.join()).toMatch(/truncated at byte \d+: PRIM_ARRAY_DUMP/);
  });

  it("refuses ids of 2^53 and more, bad versions and bad id sizes", () => {
    const w = new HprofWriter({ idSize: 8 });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0);
    w.segment((h) => h.classDump(OBJ).raw([0x21, 0x00, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0]));
    w.end();
    expect(() => loadBytes(w.bytes())).toThrow(/2\^53/);
    const bad = new TextEncoder().encode("JAVA PROFILE 9.9\0\0\0\0\x08");
    expect(() => loadBytes(bad)).toThrow(/unsupported HPROF version/);
    const idBad = new HprofWriter({ idSize: 3 }).bytes();
    expect(() => loadBytes(idBad)).toThrow(/identifier size 3/);
  });
});

describe("two HPROF inputs in one GraphBuilder", () => {
  it("the second input's nodes, types, edges, roots and values are offset correctly", async () => {
    const { GraphBuilder } = await import("../../../src/graph/builder.ts");
    const { MemorySource } = await import("../../../src/io/source.ts");
    const { silentProgress } = await import("../../../src/io/progress.ts");
    const { hprofFormat } = await import("../../../src/formats/hprof/index.ts");
    const w = new HprofWriter({ idSize: 8 });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0);
    const H = w.defineClass("demo/Holder", 0x1008, OBJ.id, [{ name: "a", type: T.object }, { name: "n", type: T.int }], [{ name: "ROOT", type: T.object, value: 0x2000 }]);
    w.segment((h) => {
      h.classDump(OBJ).classDump(H);
      h.instance(0x2000, H.id, [{ type: T.object, value: 0x2008 }, { type: T.int, value: 41 }]);
      h.instance(0x2008, H.id, [{ type: T.object, value: 0x2000 }, { type: T.int, value: 42 }]);
      h.root(0x05, H.id);
    });
    w.end();
    const bytes = w.bytes();
    const b = new GraphBuilder();
    for (const name of ["one.hprof", "two.hprof"]) {
      b.beginInput({ file: name, format: "hprof", language: "java" });
      hprofFormat.load(new MemorySource(bytes, name), b, { options: {}, progress: silentProgress, warn: (m) => b.warnings.push(m) });
      b.endInput();
    }
    const g = b.freeze();
    expect(g.warnings).toEqual([]);
    expect(g.nodeCount).toBe(8);
    const [one, two] = g.inputs;
    expect(two.firstNode).toBe(4);
    for (let k = 0; k < 4; k++) {
      const a = one.firstNode + k;
      const c = two.firstNode + k;
      expect(g.typeName(c)).toBe(g.typeName(a));
      expect(edgesOf(g, c)).toEqual(edgesOf(g, a));
      const ta = Array.from({ length: g.edgeStart[a + 1] - g.edgeStart[a] }, (_, i) => g.edgeTo[g.edgeStart[a] + i] + 4);
      const tc = Array.from({ length: g.edgeStart[c + 1] - g.edgeStart[c] }, (_, i) => g.edgeTo[g.edgeStart[c] + i]);
      expect(tc).toEqual(ta);
    }
    expect(g.rootNode[1]).toBe(g.rootNode[0] + 4);
    const second = g.valueReaders[1]!;
    // ValueReaders answer in their input's own ordinals (combine/offset wrappers shift them)
    expect(second.field(3, "n")?.value).toBe(42);
    expect(second.field(3, "a")?.value).toBe(2);
  });
});
