import { ProfileTable } from "../graph/profile-table.ts";

/**
 * True when structured cloning keeps `v` as it is: primitives, plain objects, arrays, typed arrays
 * and ProfileTable (re-created on the main thread). Other class instances would arrive as plain
 * objects without their prototype (an `instanceof` check would then fail silently), so such a
 * graph is loaded on the main thread instead.
 */
export function cloneSafe(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== "object") return typeof v !== "function" && typeof v !== "symbol";
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return true;
  if (v instanceof ProfileTable) return depth === 1;
  if (depth > 8) return true;
  if (Array.isArray(v)) return v.length > 10000 || v.every((x) => cloneSafe(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v as Record<string, unknown>).every((x) => cloneSafe(x, depth + 1));
}
