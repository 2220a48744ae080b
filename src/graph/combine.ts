import { HeapGraph, type FieldEntry, type InputInfo, type ValueReader } from "./heap-graph.ts";
import { INDEX_LABEL } from "./kinds.ts";

/**
 * Combines the graphs of several processes into one under the (virtual) super-root.
 * Node, type and label indices are shifted; each input keeps its own ordinal range and ValueReader.
 */
export function combineGraphs(graphs: HeapGraph[]): HeapGraph {
  if (graphs.length === 1) return graphs[0];
  let n = 0, m = 0, r = 0, t = 0;
  for (const g of graphs) {
    n += g.nodeCount;
    m += g.edgeCount;
    r += g.rootCount;
    t += g.types.names.length;
  }
  const kind = new Uint8Array(n), type = new Uint32Array(n), shallow = new Float64Array(n);
  const lang = new Uint8Array(n), externalId = new Float64Array(n);
  const anyCount = graphs.some((g) => g.count);
  const count = anyCount ? new Float64Array(n).fill(1) : undefined;
  const edgeStart = new Uint32Array(n + 1), edgeTo = new Uint32Array(m), edgeKind = new Uint8Array(m), edgeLabel = new Uint32Array(m);
  const rootNode = new Uint32Array(r), rootKind = new Uint8Array(r), rootLabel = new Uint32Array(r);
  const names: string[] = [];
  const tLang = new Uint8Array(t), superType = new Int32Array(t), classNode = new Int32Array(t);
  const labels: string[] = [""];
  const labelIndex = new Map<string, number>([["", 0]]);
  const inputs: InputInfo[] = [];
  const values: (ValueReader | undefined)[] = [];
  const warnings: string[] = [];
  let nOff = 0, eOff = 0, rOff = 0, tOff = 0;
  for (const g of graphs) {
    const lmap = new Uint32Array(g.labels.length);
    g.labels.forEach((s, i) => {
      let j = labelIndex.get(s);
      if (j === undefined) {
        j = labels.length;
        labels.push(s);
        labelIndex.set(s, j);
      }
      lmap[i] = j;
    });
    kind.set(g.kind, nOff);
    shallow.set(g.shallow, nOff);
    lang.set(g.lang, nOff);
    if (g.idScale === 1) externalId.set(g.externalId, nOff);
    else for (let v = 0; v < g.nodeCount; v++) externalId[nOff + v] = g.idOf(v);
    if (count && g.count) count.set(g.count, nOff);
    for (let i = 0; i < g.nodeCount; i++) type[nOff + i] = g.type[i] + tOff;
    for (let i = 0; i < g.nodeCount; i++) edgeStart[nOff + i + 1] = g.edgeStart[i + 1] + eOff;
    for (let e = 0; e < g.edgeCount; e++) {
      edgeTo[eOff + e] = g.edgeTo[e] + nOff;
      const l = g.labelOf(e);
      edgeLabel[eOff + e] = l & INDEX_LABEL ? l : lmap[l];
    }
    edgeKind.set(g.edgeKind, eOff);
    for (let i = 0; i < g.rootCount; i++) {
      rootNode[rOff + i] = g.rootNode[i] + nOff;
      rootLabel[rOff + i] = lmap[g.rootLabel[i]];
    }
    rootKind.set(g.rootKind, rOff);
    for (let i = 0; i < g.types.names.length; i++) {
      names.push(g.types.names[i]);
      tLang[tOff + i] = g.types.lang[i];
      superType[tOff + i] = g.types.superType[i] < 0 ? -1 : g.types.superType[i] + tOff;
      classNode[tOff + i] = g.types.classNode[i] < 0 ? -1 : g.types.classNode[i] + nOff;
    }
    for (let k = 0; k < g.inputs.length; k++) {
      const inp = g.inputs[k];
      inputs.push({ ...inp, firstNode: inp.firstNode + nOff, endNode: inp.endNode + nOff, firstRoot: inp.firstRoot + rOff, endRoot: inp.endRoot + rOff });
      values.push(g.valueReaders[k] ? offsetReader(g.valueReaders[k]!, nOff) : undefined);
    }
    warnings.push(...g.warnings);
    nOff += g.nodeCount;
    eOff += g.edgeCount;
    rOff += g.rootCount;
    tOff += g.types.names.length;
  }
  return new HeapGraph({
    kind, type, shallow, lang, externalId, count, edgeStart, edgeTo, edgeKind, edgeLabel, rootNode, rootKind, rootLabel,
    types: { names, lang: tLang, superType, classNode }, labels, inputs, warnings, values,
  });
}


/** Wraps a ValueReader written for ordinals starting at 0 so it answers for shifted ordinals. */
function offsetReader(inner: ValueReader, off: number): ValueReader {
  const shift = (f: FieldEntry): FieldEntry =>
    f.type === "object" && typeof f.value === "number" && f.value >= 0 ? { ...f, value: f.value + off } : f;
  return {
    field: (node, name) => {
      const f = inner.field(node - off, name);
      return f && shift(f);
    },
    fields: (node) => inner.fields(node - off).map(shift),
    statics: (node) => inner.statics(node - off).map(shift),
    display: (node, max) => inner.display(node - off, max),
    arrayLength: (node) => inner.arrayLength(node - off),
  };
}
