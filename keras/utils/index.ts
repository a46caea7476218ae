/** `tf.keras.utils`: to_categorical, normalize, plot_model, set_random_seed, Progbar, custom_object_scope. */
import { NDArray } from "../../core/tensor/ndarray";
import { Tensor } from "../../core/tensor/tensor";
import { constant, TensorLike } from "../../core/ops/convert";
import { InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import * as random from "../../core/ops/random";
export { Progbar } from "./progbar";
export { plot_model, model_to_dot } from "./vis_utils";

/**
 * `to_categorical(y, num_classes=None, dtype='float32')`: class ids -> one-hot rows (an NDArray,
 * as Keras returns a numpy array). A trailing dimension of 1 is dropped first, like Keras.
 */
export function to_categorical(y: TensorLike, num_classes?: number | null | { num_classes?: number | null; dtype?: string }, dtype = "float32"): NDArray {
  if (num_classes !== null && typeof num_classes === "object") {
    checkOptions("to_categorical", num_classes, ["num_classes", "dtype"]);
    dtype = num_classes.dtype ?? "float32";
    num_classes = num_classes.num_classes;
  }
  const a = y instanceof NDArray ? y : y instanceof Tensor ? y.numpy() : constant(y).numpy();
  let shape = [...a.shape];
  if (shape.length > 1 && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
  const n = a.size;
  const vals = a.data as ArrayLike<number>;
  let max = -1;
  for (let i = 0; i < n; i++) {
    const v = Number(vals[i]);
    if (!Number.isInteger(v) || v < 0) {
      throw new InvalidArgumentError(msg(`to_categorical: class ids must be non-negative integers, found ${v} at index ${i}.`, `to_categorical: 클래스 번호는 0 이상의 정수여야 하는데 ${i}번째 값이 ${v}입니다.`));
    }
    if (v > max) max = v;
  }
  const k = num_classes ?? max + 1;
  if (max >= k) {
    throw new InvalidArgumentError(msg(`to_categorical: found class id ${max} but num_classes=${k}; ids must be < num_classes.`, `to_categorical: 클래스 번호 ${max}가 있는데 num_classes=${k}입니다. 번호는 num_classes보다 작아야 합니다.`));
  }
  const out = dtype === "float64" ? new Float64Array(n * k) : dtype === "int32" ? new Int32Array(n * k) : dtype === "uint8" ? new Uint8Array(n * k) : new Float32Array(n * k);
  for (let i = 0; i < n; i++) out[i * k + Number(vals[i])] = 1;
  return new NDArray(out, [...shape, k], dtype === "float64" || dtype === "int32" || dtype === "uint8" ? dtype : "float32");
}

/** `normalize(x, axis=-1, order=2)`: rows scaled to unit L-`order` norm (an NDArray). */
export function normalize(x: TensorLike, axis = -1, order = 2): NDArray {
  const a = x instanceof NDArray ? x : constant(x).numpy();
  const shape = a.shape, r = shape.length, ax = axis < 0 ? axis + r : axis;
  const data = Float64Array.from(a.data as ArrayLike<number>);
  const outer = shape.slice(0, ax).reduce((p, q) => p * q, 1), len = shape[ax], inner = shape.slice(ax + 1).reduce((p, q) => p * q, 1);
  const out = new Float32Array(data.length);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) {
    let s = 0;
    for (let k = 0; k < len; k++) s += Math.abs(data[(o * len + k) * inner + i]) ** order;
    const norm = s ** (1 / order) || 1;
    for (let k = 0; k < len; k++) out[(o * len + k) * inner + i] = data[(o * len + k) * inner + i] / norm;
  }
  return new NDArray(out, shape, "float32");
}

/** `set_random_seed(seed)`: seeds tf.random (Python's and numpy's generators have no JS twin). */
export function set_random_seed(seed: number): void { random.set_seed(seed); }

/** `custom_object_scope(objects, fn)`: runs fn with extra custom objects visible to load_model. */
export const customObjects: Record<string, unknown> = {};
export function custom_object_scope<T>(objects: Record<string, unknown>, fn: () => T): T {
  const saved = { ...customObjects };
  Object.assign(customObjects, objects);
  try { return fn(); } finally {
    for (const k of Object.keys(customObjects)) delete customObjects[k];
    Object.assign(customObjects, saved);
  }
}
export function get_custom_objects(): Record<string, unknown> { return customObjects; }
