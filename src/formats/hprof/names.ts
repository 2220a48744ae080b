import { PRIM_DESCRIPTOR } from "./constants.ts";

const PRIMITIVE_BY_DESCRIPTOR: Record<string, string> = {
  Z: "boolean", C: "char", F: "float", D: "double", B: "byte", S: "short", I: "int", J: "long", V: "void",
};

/**
 * Display name of a class from its LOAD_CLASS name (JVM internal form, hprof-format.md §6.1):
 * `java/util/HashMap$Node` → `java.util.HashMap$Node`, `[I` → `int[]`,
 * `[[Ljava/lang/String;` → `java.lang.String[][]`, hidden `Foo$$Lambda$1+0x…` → `Foo$$Lambda$1/0x…`
 * (as Class.getName() and jcmd GC.class_histogram show it). Old producers already using dots pass through.
 */
export function displayClassName(internal: string): string {
  let dims = 0;
  while (dims < internal.length && internal.charCodeAt(dims) === 0x5b /* [ */) dims++;
  let base = internal.slice(dims);
  if (dims > 0) {
    if (base.length === 1 && PRIMITIVE_BY_DESCRIPTOR[base]) base = PRIMITIVE_BY_DESCRIPTOR[base];
    else if (base.startsWith("L") && base.endsWith(";")) base = base.slice(1, -1);
  }
  base = base.replace(/\//g, ".").replace(/\+0x([0-9a-fA-F]+)$/, "/0x$1");
  return dims > 0 ? base + "[]".repeat(dims) : base;
}

/** Display name of a primitive array from its element basic type: 10 → "int[]". */
export function primitiveArrayName(elementType: number): string {
  return displayClassName("[" + (PRIM_DESCRIPTOR[elementType] || "?"));
}

/** The simple name of a display class name: `java.lang.ref.Reference` → `Reference`, `a.B$C` → `B$C`. */
export function simpleName(display: string): string {
  const dot = display.lastIndexOf(".");
  return dot < 0 ? display : display.slice(dot + 1);
}
