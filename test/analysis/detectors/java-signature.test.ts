// signatureOf: the shared, stable finding signature (detector id + path pattern).
import { describe, expect, it } from "vitest";
import { signatureOf, stablePattern, stableTypeName, stableVia } from "../../../src/analysis/detectors/signature.ts";

describe("signatureOf", () => {
  const steps = [
    { type: "class Main", via: "", root: "sticky-class Main" },
    { type: "java.util.ArrayList", via: "LISTENERS" },
    { type: "java.lang.Object[]", via: "elementData" },
    { type: "Main$$Lambda$14/0x0000000800c0b1f0", via: "[3]" },
  ];

  it("is 16 hex chars and depends on the detector id", () => {
    const s = signatureOf("java.x", steps);
    expect(s).toMatch(/^[0-9a-f]{16}$/);
    expect(signatureOf("java.y", steps)).not.toBe(s);
  });

  it("ignores hidden-class addresses, lambda counters, array indices and root labels", () => {
    const other = [
      { type: "class Main", via: "", root: "sticky-class something else" },
      { type: "java.util.ArrayList", via: "LISTENERS" },
      { type: "java.lang.Object[]", via: "elementData" },
      { type: "Main$$Lambda/0x00000000b5081000", via: "[7]" },
    ];
    expect(signatureOf("java.x", other)).toBe(signatureOf("java.x", steps));
  });

  it("changes with a field name, a type or the root kind", () => {
    const base = signatureOf("java.x", steps);
    expect(signatureOf("java.x", steps.map((s, i) => (i === 1 ? { ...s, via: "HANDLERS" } : s)))).not.toBe(base);
    expect(signatureOf("java.x", steps.map((s, i) => (i === 1 ? { ...s, type: "java.util.LinkedList" } : s)))).not.toBe(base);
    expect(signatureOf("java.x", steps.map((s, i) => (i === 0 ? { ...s, root: "java-frame main" } : s)))).not.toBe(base);
    expect(signatureOf("java.x", steps, ["arg$1|Main$Key"])).not.toBe(base);
  });

  it("normalises names", () => {
    expect(stableTypeName("Foo$$Lambda$1+0x0000000800c0b1f0")).toBe("Foo$$Lambda");
    expect(stableTypeName("java.lang.invoke.LambdaForm$MH/0x00007f07e8009800[]")).toBe("java.lang.invoke.LambdaForm$MH[]");
    expect(stableVia("[12]")).toBe("[]");
    expect(stableVia("arg$1")).toBe("arg$1");
    expect(stablePattern({ via: "[0]", type: "Foo$$Lambda$3/0x1f" })).toBe("[]|Foo$$Lambda");
  });
});
