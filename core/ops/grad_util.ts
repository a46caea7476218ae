/** Helpers shared by gradient rules. */
import type { Tensor } from "../tensor/tensor";
import { shapesEqual } from "../tensor/shape";
import { runOp } from "../engine/engine";
import { int32 } from "../tensor/dtypes";

/**
 * Sums `dy` (shaped like a broadcast result) back down to `x`'s shape: the adjoint of numpy
 * broadcasting. Works on static shapes; a dimension unknown at graph-build time is treated as
 * not broadcast unless the other side is 1 (summing a size-1 axis is harmless either way).
 */
export function unbroadcast(dy: Tensor, x: Tensor): Tensor {
  if (shapesEqual(dy.shape, x.shape)) return dy;
  const r = dy.shape.length, xr = x.shape.length, off = r - xr;
  const axes: number[] = [];
  for (let i = 0; i < r; i++) {
    if (i < off) { axes.push(i); continue; }
    const xd = x.shape[i - off];
    if (xd === 1 && dy.shape[i] !== 1) axes.push(i);
  }
  let s = axes.length ? runOp("Sum", [dy], { axis: axes, keepdims: true })[0] : dy;
  if (x.shape.every((d) => d !== null)) {
    if (!shapesEqual(s.shape, x.shape)) s = runOp("Reshape", [s], { shape: x.shape })[0];
    return s;
  }
  const dyn = runOp("Shape", [x], { out_type: int32 })[0];
  return runOp("Reshape", [s, dyn], {})[0];
}
