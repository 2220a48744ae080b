import type { HeapGraph } from "../../graph/heap-graph.ts";
import { NodeKind } from "../../graph/kinds.ts";
import { NO_NODE } from "../types.ts";
import { findingPath, formatBytes, freedIfRemoved, instancesOf, labelId, shortType, subtypeMask, tagProcess } from "./java-support.ts";
import { threadName } from "./java-threadlocal.ts";
import { signatureOf } from "./signature.ts";
import type { Detector, DetectorContext, Finding, PathStep } from "./types.ts";

const ID = "java.classloader.pinned";

/** The runtime's own loaders (HotSpot boot/platform/app, reflection accessors; Android's boot and path loaders): never reported. */
const JDK_LOADER = /^(jdk\.internal\.|sun\.|java\.lang\.invoke\.|dalvik\.system\.|java\.lang\.BootClassLoader$)/;

/**
 * An application class loader kept alive by something outside its own world — a static field of a
 * class it did not define (its "world" = the loader, the classes it defined, and their instances),
 * a thread's `contextClassLoader`, or a ThreadLocal value of a (pool) thread. This is how unloaded plugins and redeployed web apps leak
 * their whole loader (all its classes and their statics).
 *
 * Per loader: on its indexed shortest GC-root path, find the first node of its world and the edge
 * into it. A `contextClassLoader` edge from a Thread, a path whose last static field belongs to a
 * class of another loader, or one through a Thread's `threadLocals` is a pin; a path that enters
 * from a thread's stack or from a JNI root is code still using the loader, not a pin. retainedBytes = bytes freed if that first world node were
 * gone (freedIfRemoved): the loader, its classes and their statics when nothing else holds them.
 */
export const classLoaderPinned: Detector = {
  id: ID,
  language: "java",
  description: "Application class loaders kept alive by a static of another loader's class or by a thread's context class loader",
  run(ctx: DetectorContext): Finding[] {
    const { graph, dominators: dom, paths } = ctx;
    const loaderMask = subtypeMask(graph, ["java.lang.ClassLoader"]);
    if (!loaderMask) return [];
    const loaders = instancesOf(graph, loaderMask).filter((l) => dom.idom[l] !== NO_NODE && !JDK_LOADER.test(graph.typeName(l)));
    if (!loaders.length) return [];
    const definedBy = classesByLoader(graph);
    const cclL = labelId(graph, "contextClassLoader");
    const threadMask = subtypeMask(graph, ["java.lang.Thread"]);
    const out: Finding[] = [];
    for (const loader of loaders) {
      const own = new Set<number>(definedBy.get(loader) ?? []);
      if (own.size === 0) continue; // defined nothing (or the dump has no class → loader links): nothing to leak
      const inWorld = (v: number) => v === loader || own.has(v) || (graph.kind[v] === NodeKind.Instance && own.has(graph.types.classNode[graph.type[v]]));
      const path = findingPath(graph, paths, dom, loader);
      const j = path.findIndex((s) => s.node !== undefined && inWorld(s.node));
      if (j <= 0) continue; // a root in the loader's world: code that is running with it
      const holder = path[j - 1];
      if (holder.node === undefined) continue; // entered inside an elided stretch of a very long path
      let pin: Pin | undefined;
      if (path[j].via === "contextClassLoader" && cclL >= 0 && threadMask && threadMask[graph.type[holder.node!]]) {
        const name = threadName(graph, holder.node!);
        pin = { kind: "context", text: `context class loader of thread "${name ?? "?"}"` };
      } else {
        for (let i = j; i >= 1; i--) {
          const prev = path[i - 1];
          if (prev.node === undefined) break;
          if (graph.kind[prev.node] === NodeKind.Class && path[i].via && !path[i].via.startsWith("<")) {
            if (!own.has(prev.node)) pin = { kind: "static", text: `static ${shortType(prev.type)}.${path[i].via}` };
            break;
          }
          // A thread's ThreadLocal map holding one of the loader's objects (pool threads outlive web apps).
          if ((path[i].via === "threadLocals" || path[i].via === "inheritableThreadLocals") && threadMask && threadMask[graph.type[prev.node]]) {
            pin = { kind: "thread-local", text: `ThreadLocal value in thread "${threadName(graph, prev.node) ?? "?"}"` };
            break;
          }
        }
      }
      if (!pin) continue;
      const freed = freedIfRemoved(graph, dom, ctx.mask, [path[j].node!]);
      if (freed.bytes < ctx.minBytes) continue;
      out.push(finding(ctx, loader, path, pin, own.size, freed.bytes));
    }
    return tagProcess(graph, out);
  },
};

/** Class nodes per defining loader, from each class object's `<classloader>` edge. */
function classesByLoader(graph: HeapGraph): Map<number, number[]> {
  const label = labelId(graph, "<classloader>");
  const out = new Map<number, number[]>();
  if (label < 0) return out;
  const { kind, edgeStart, edgeTo } = graph;
  for (let t = 0; t < graph.types.classNode.length; t++) {
    const c = graph.types.classNode[t];
    if (c < 0 || kind[c] !== NodeKind.Class) continue;
    for (let e = edgeStart[c], end = edgeStart[c + 1]; e < end; e++) {
      if (graph.labelOf(e) !== label) continue;
      const l = edgeTo[e];
      let list = out.get(l);
      if (!list) out.set(l, (list = []));
      list.push(c);
      break;
    }
  }
  return out;
}

function loaderName(graph: HeapGraph, loader: number): string | undefined {
  const reader = graph.values(loader);
  const f = reader?.field(loader, "name");
  if (!f || typeof f.value !== "number" || f.value < 0) return undefined;
  return reader!.display(f.value, 120)?.replace(/^"(.*)"$/s, "$1");
}

interface Pin {
  kind: "context" | "static" | "thread-local";
  text: string;
}

function finding(ctx: DetectorContext, loader: number, path: PathStep[], pin: Pin, classes: number, bytes: number): Finding {
  const { graph } = ctx;
  const name = loaderName(graph, loader);
  const label = `${shortType(graph.typeName(loader))}${name ? ` "${name}"` : ""}`;
  return {
    detector: ID,
    severity: "medium",
    language: "java",
    title: `Class loader ${label} (${classes} class${classes === 1 ? "" : "es"}) is kept alive by the ${pin.text}`,
    explanation:
      `A class loader and every class it loaded (with their static fields) stay in memory as long as anything reaches the loader. This one is ` +
      `reached from outside its own code: the ${pin.text}. If the plugin, module or web application it belongs to was meant to be unloaded, that ` +
      `reference keeps all of it alive (${formatBytes(bytes)} in the heap, plus the classes' metadata outside the heap).`,
    subject: { id: graph.hexId(loader), type: graph.nodeName(loader), node: loader },
    count: 1,
    retainedBytes: bytes,
    path,
    evidence: { loader: name ?? null, loaderType: graph.typeName(loader), classesDefined: classes, pinnedBy: pin.text, pinKind: pin.kind },
    signature: signatureOf(ID, path, [pin.kind]),
    advice:
      pin.kind === "context"
        ? `Reset the thread's context class loader (Thread.setContextClassLoader) when the work for that loader ends, or stop the thread together with the plugin/application.`
        : pin.kind === "thread-local"
          ? `Call ThreadLocal.remove() when the task that set it ends (a pool thread outlives the plugin/application), or stop the pool together with it.`
          : `Clear the ${pin.text.slice(7)} entry when the plugin/application is unloaded (unregister listeners, drivers, caches), or keep such registries inside the loader's own classes.`,
  };
}
