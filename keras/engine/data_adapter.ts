/**
 * Host-side data for fit/evaluate/predict: inputs become NDArrays (numpy's role), batches are
 * sliced on the host (a view for contiguous batches, a row gather for shuffled ones) and uploaded
 * as tensors. Validation splits take the last fraction before shuffling, like Keras.
 */
import { Tensor } from "../../core/tensor/tensor";
import { NDArray } from "../../core/tensor/ndarray";
import { allocArray, DType } from "../../core/tensor/dtypes";
import { constant } from "../../core/ops/convert";
import { currentBackend, makeTensor } from "../../core/engine/engine";
import { takeSpare } from "../../core/engine/spare";
import { Variable } from "../../core/variable";
import { InvalidArgumentError, msg } from "../../core/errors";
import { formatShape } from "../../core/tensor/shape";
import { isPlainObject } from "./keras_tensor";

/** One array as an NDArray (Tensor -> numpy(), nested arrays -> float32/int32 NDArray). */
export function toHostArray(x: unknown, what: string): NDArray {
  if (x instanceof NDArray) return x;
  if (x instanceof Tensor) return x.numpy();
  if (x instanceof Variable) return x.numpy();
  if (x == null) throw new InvalidArgumentError(msg(`${what}: expected an array, got ${String(x)}.`, `${what}: 배열이 필요한데 ${String(x)}입니다.`));
  return constant(x as never).numpy();
}

/** A structure of inputs flattened in the order of `names` (the model's input names). */
export function flattenData(x: unknown, names: string[] | null, what: string): NDArray[] {
  if (x instanceof NDArray || x instanceof Tensor || x instanceof Variable || ArrayBuffer.isView(x)) return [toHostArray(x, what)];
  if (Array.isArray(x)) {
    if (names && names.length > 1 && x.length === names.length && x.every((e) => e instanceof NDArray || e instanceof Tensor || Array.isArray(e) || ArrayBuffer.isView(e))) {
      // A list with one entry per model input/output. A nested number array is one array.
      const isNumberMatrix = x.every((e) => Array.isArray(e) && e.every((v) => typeof v === "number"));
      if (!isNumberMatrix) return x.map((e, i) => toHostArray(e, `${what}[${i}]`));
    }
    if (x.length && x.every((e) => e instanceof NDArray || e instanceof Tensor)) return x.map((e, i) => toHostArray(e, `${what}[${i}]`));
    return [toHostArray(x, what)];
  }
  if (isPlainObject(x)) {
    if (!names) return Object.keys(x).map((k) => toHostArray(x[k], `${what}['${k}']`));
    const missing = names.filter((n) => !(n in x));
    if (missing.length) {
      throw new InvalidArgumentError(msg(
        `${what}: missing data for ${missing.map((n) => `'${n}'`).join(", ")}. Expected keys: ${names.join(", ")}; got: ${Object.keys(x).join(", ")}.`,
        `${what}: ${missing.map((n) => `'${n}'`).join(", ")}에 대한 데이터가 없습니다. 필요한 키: ${names.join(", ")}; 받은 키: ${Object.keys(x).join(", ")}.`,
      ));
    }
    return names.map((n) => toHostArray(x[n], `${what}['${n}']`));
  }
  return [toHostArray(x, what)];
}

/** Rows [start, end) as a tensor: a view on the host data, no copy. */
export function sliceRows(a: NDArray, start: number, end: number): Tensor {
  const row = rowSize(a);
  const data = (a.data as Float32Array).subarray(start * row, end * row);
  return makeTensor(data, [end - start, ...a.shape.slice(1)], a.dtype);
}
/** Rows picked by `idx[start..end)` as a tensor (a gather into fresh storage). */
export function gatherRows(a: NDArray, idx: ArrayLike<number>, start: number, end: number): Tensor {
  const row = rowSize(a), n = end - start;
  // Inside a training step a float32 batch may come from the step's spare source (resident in the
  // wasm memory, where the first layer's GEMM reads it without a copy); every element is written below.
  const b = currentBackend();
  const host = b.name === "cpu" || b.sharesCpuStorage === true; // device backends copy the batch anyway
  const out = (host && a.dtype.name === "float32" ? takeSpare(n * row) : allocArray(a.dtype, n * row)) as Float32Array;
  const src = a.data as Float32Array;
  for (let i = 0; i < n; i++) {
    const r = idx[start + i];
    if (row === 1) out[i] = src[r];
    else out.set(src.subarray(r * row, (r + 1) * row), i * row);
  }
  return makeTensor(out, [n, ...a.shape.slice(1)], a.dtype);
}
function rowSize(a: NDArray): number {
  let r = 1;
  for (let i = 1; i < a.shape.length; i++) r *= a.shape[i];
  return r;
}
/** Splits off the last `fraction` of every array (Keras's train_validation_split). */
export function splitLast(arrays: NDArray[], fraction: number): [NDArray[], NDArray[]] {
  const n = arrays[0].shape[0];
  const cut = Math.floor(n * (1 - fraction));
  if (cut === 0 || cut === n) {
    throw new InvalidArgumentError(msg(
      `Training data contains ${n} samples, which is not sufficient to split it into a validation and training set as specified by \`validation_split=${fraction}\`. Either provide more data, or a different value for the \`validation_split\` argument.`,
      `학습 데이터가 ${n}개뿐이라 validation_split=${fraction}로 학습/검증 데이터를 나눌 수 없습니다. 데이터를 늘리거나 validation_split 값을 바꾸세요.`,
    ));
  }
  const part = (a: NDArray, s: number, e: number): NDArray => {
    const row = rowSize(a);
    return new NDArray((a.data as Float32Array).subarray(s * row, e * row), [e - s, ...a.shape.slice(1)], a.dtype);
  };
  return [arrays.map((a) => part(a, 0, cut)), arrays.map((a) => part(a, cut, a.shape[0]))];
}

/** All arrays must have the same number of samples. */
export function checkSameLength(groups: [string, NDArray[]][]): number {
  let n: number | null = null;
  const sizes: string[] = [];
  for (const [name, arrs] of groups) {
    for (const a of arrs) {
      if (a.shape.length === 0) {
        throw new InvalidArgumentError(msg(`${name}: expected arrays with a batch dimension, got a scalar.`, `${name}: 배치 차원이 있는 배열이 필요한데 스칼라입니다.`));
      }
      sizes.push(`${name} sizes: ${a.shape[0]}`);
      if (n === null) n = a.shape[0];
      else if (a.shape[0] !== n) {
        throw new InvalidArgumentError(msg(
          `Data cardinality is ambiguous:\n  ${groups.map(([nm, as]) => `${nm} sizes: ${as.map((x) => x.shape[0]).join(", ")}`).join("\n  ")}\nMake sure all arrays contain the same number of samples.`,
          `데이터 개수가 서로 다릅니다:\n  ${groups.map(([nm, as]) => `${nm} 개수: ${as.map((x) => x.shape[0]).join(", ")}`).join("\n  ")}\n모든 배열의 샘플 수가 같아야 합니다.`,
        ));
      }
    }
  }
  return n ?? 0;
}

/** Per-sample weights from class_weight (labels as ids or one-hot rows). */
export function classWeightsFor(y: NDArray, class_weight: Record<number, number>): NDArray {
  const n = y.shape[0];
  const w = new Float32Array(n);
  const row = rowSize(y);
  const data = y.data as ArrayLike<number>;
  for (let i = 0; i < n; i++) {
    let cls: number;
    if (row === 1) cls = Math.trunc(data[i]);
    else {
      let best = 0;
      for (let j = 1; j < row; j++) if (data[i * row + j] > data[i * row + best]) best = j;
      cls = best;
    }
    const cw = class_weight[cls];
    if (cw === undefined) {
      throw new InvalidArgumentError(msg(
        `class_weight has no entry for class ${cls} (found at sample ${i}); give a weight for every class. Keys given: ${Object.keys(class_weight).join(", ")}.`,
        `class_weight에 클래스 ${cls}의 가중치가 없습니다 (${i}번째 샘플). 모든 클래스의 가중치를 주세요. 받은 키: ${Object.keys(class_weight).join(", ")}.`,
      ));
    }
    w[i] = cw;
  }
  return new NDArray(w, [n], "float32");
}

export function describe(a: NDArray): string { return `${a.dtype.name}${formatShape(a.shape)}`; }
export type { DType };
