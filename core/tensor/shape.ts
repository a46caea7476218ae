import { InvalidArgumentError, msg } from "../errors";

/** A static shape; `null` marks an unknown dimension (graph mode). */
export type Shape = number[];
export type PartialShape = (number | null)[];

export function sizeOf(shape: readonly (number | null)[]): number {
  let n = 1;
  for (const d of shape) n *= d ?? NaN;
  return n;
}

export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

/** Python's tuple formatting: `()`, `(3,)`, `(2, 3)`, `(None, 784)`. */
export function formatShape(shape: readonly (number | null)[] | null, unknown = "None"): string {
  if (shape == null) return "<unknown>";
  const parts = shape.map((d) => (d == null ? unknown : String(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
}

/** TF's list formatting used in error messages: `[2,3]`, `[?,784]`. */
export function formatShapeTF(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d == null ? "?" : d)).join(",")}]`;
}

export function shapesEqual(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** numpy broadcasting of two shapes; unknown dims stay unknown unless the other side fixes them. */
export function broadcastShapes(op: string, a: readonly (number | null)[], b: readonly (number | null)[]): (number | null)[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)];
    const db = i < n - b.length ? 1 : b[i - (n - b.length)];
    if (da === 1) out[i] = db;
    else if (db === 1) out[i] = da;
    else if (da == null) out[i] = db;
    else if (db == null) out[i] = da;
    else if (da === db) out[i] = da;
    else {
      throw new InvalidArgumentError(msg(
        `${op}: Incompatible shapes: ${formatShapeTF(a)} vs. ${formatShapeTF(b)}. Dimension ${i} is ${da} in one and ${db} in the other; broadcasting needs them equal or one of them 1. Reshape or tf.expand_dims one input so the shapes line up.`,
        `${op}: 형태가 호환되지 않습니다: ${formatShapeTF(a)} vs. ${formatShapeTF(b)}. ${i}번째 차원이 ${da}와 ${db}입니다. 브로드캐스팅하려면 두 값이 같거나 한쪽이 1이어야 합니다. reshape 또는 tf.expand_dims로 형태를 맞추세요.`,
      ));
    }
  }
  return out;
}

/** Normalises an axis into [0, rank); throws a teaching error when out of range. */
export function normAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new InvalidArgumentError(msg(
      `${op}: axis ${axis} is out of range for a tensor of rank ${rank}; valid axes are in [${-rank}, ${rank}).`,
      `${op}: 축(axis) ${axis}은(는) 랭크 ${rank} 텐서의 범위를 벗어납니다. 가능한 축: [${-rank}, ${rank}).`,
    ));
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalises `axis` (number, array, or null = all) into a sorted unique list. */
export function normAxes(op: string, axis: number | number[] | null | undefined, rank: number): number[] {
  if (axis == null) return Array.from({ length: rank }, (_, i) => i);
  const list = Array.isArray(axis) ? axis : [axis];
  const out = [...new Set(list.map((a) => normAxis(op, a, rank)))];
  return out.sort((x, y) => x - y);
}
