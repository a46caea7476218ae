/**
 * numpy-compatible array printing (str / repr). First version: handles the common cases;
 * the printing issue's fixture suite drives the exact rules.
 */
import type { NDArray } from "./ndarray";

function formatScalar(a: NDArray, i: number): string {
  const v = a.at(i);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return `'${v}'`;
  if (Array.isArray(v)) return `${v[0]}${v[1] >= 0 ? "+" : "-"}${Math.abs(v[1])}j`;
  if (a.dtype.kind === "f") return Number.isInteger(v) ? `${v}.` : String(v);
  return String(v);
}

export function formatArrayStr(a: NDArray): string {
  if (a.shape.length === 0) return formatScalar(a, 0);
  const items: string[] = [];
  for (let i = 0; i < a.size; i++) items.push(formatScalar(a, i));
  const w = Math.max(0, ...items.map((s) => s.length));
  const rec = (dim: number, off: number, indent: string): string => {
    if (dim === a.shape.length) return items[off].padStart(w);
    const stride = a.shape.slice(dim + 1).reduce((x, y) => x * y, 1);
    const parts: string[] = [];
    for (let i = 0; i < a.shape[dim]; i++) parts.push(rec(dim + 1, off + i * stride, indent + " "));
    const sep = dim === a.shape.length - 1 ? " " : "\n".repeat(a.shape.length - dim - 1) + indent + " ";
    return "[" + parts.join(sep) + "]";
  };
  return rec(0, 0, "");
}

export function formatArrayRepr(a: NDArray): string {
  const body = formatArrayStr(a).replace(/\n/g, "\n      ");
  const implicit = a.dtype.name === "float64" || a.dtype.name === "int64" || a.dtype.name === "bool";
  return `array(${body}${implicit ? "" : `, dtype=${a.dtype.name}`})`;
}

/** numpy's str of a 0-d value as TF prints an eager scalar (`5.0`, not `5.`). */
export function formatScalarStr(a: NDArray): string {
  const s = formatArrayStr(a);
  return a.dtype.kind === "f" && s.endsWith(".") ? s + "0" : s;
}
