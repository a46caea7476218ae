/**
 * `tf.keras.backend`: global Keras state (unique layer names, floatx, epsilon) and
 * `clear_session()`.
 */
import { InvalidArgumentError, msg } from "../core/errors";
import type { NDArray } from "../core/tensor/ndarray";

let uids = new Map<string, number>();
let floatxName = "float32";
let eps = 1e-7;
let imageDataFormat: "channels_last" | "channels_first" = "channels_last";
const sessionHooks: (() => void)[] = [];

/** Keras's `to_snake_case`: `Conv2DTranspose` -> `conv2d_transpose`, `SimpleRNN` -> `simple_rnn`. */
export function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, "$1_$2");
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  return insecure[0] !== "_" ? insecure : "private" + insecure;
}

/** `dense`, `dense_1`, `dense_2`, ... per base name, until `clear_session()`. */
export function uniqueObjectName(base: string, zeroBased = true): string {
  const n = uids.get(base) ?? 0;
  uids.set(base, n + 1);
  if (zeroBased) return n === 0 ? base : `${base}_${n}`;
  return `${base}_${n + 1}`;
}
/** Marks `name` as taken (a user-chosen name does not advance the counter, as in Keras). */
export function observeName(_name: string): void { /* Keras does not reserve user names either */ }

/** `tf.keras.backend.clear_session()`: resets layer-name counters (and other global Keras state). */
export function clear_session(): void {
  uids = new Map();
  for (const h of sessionHooks) h();
}
export function onClearSession(fn: () => void): void { sessionHooks.push(fn); }

export function floatx(): string { return floatxName; }
export function set_floatx(value: string): void {
  if (!["float16", "float32", "float64"].includes(value)) {
    throw new InvalidArgumentError(msg(`set_floatx: unknown floatx type ${JSON.stringify(value)}; use float16, float32 or float64.`, `set_floatx: 알 수 없는 floatx ${JSON.stringify(value)}입니다. float16, float32, float64 중 하나를 쓰세요.`));
  }
  floatxName = value;
}
export function epsilon(): number { return eps; }
export function set_epsilon(value: number): void { eps = value; }
export function image_data_format(): string { return imageDataFormat; }
export function set_image_data_format(f: "channels_last" | "channels_first"): void {
  if (f !== "channels_last" && f !== "channels_first") {
    throw new InvalidArgumentError(msg(`set_image_data_format: expected "channels_last" or "channels_first", got ${JSON.stringify(f)}.`, `set_image_data_format: "channels_last" 또는 "channels_first"여야 하는데 ${JSON.stringify(f)}입니다.`));
  }
  imageDataFormat = f;
}

/** `tf.keras.backend.get_value(x)`: a tensor/variable's value as an NDArray (numbers pass through). */
export function get_value(x: unknown): NDArray | number {
  if (typeof x === "number") return x;
  if (x && typeof (x as { numpy?: unknown }).numpy === "function") return (x as { numpy(): NDArray }).numpy();
  throw new InvalidArgumentError(msg(`get_value: expected a tensor or variable, got ${String(x)}.`, `get_value: 텐서나 변수가 필요한데 ${String(x)}입니다.`));
}
/** `tf.keras.backend.set_value(x, value)`: assigns to a variable. */
export function set_value(x: unknown, value: unknown): void {
  if (x && typeof (x as { assign?: unknown }).assign === "function") { (x as { assign(v: unknown): void }).assign(value); return; }
  throw new InvalidArgumentError(msg(
    "set_value: expected a tf.Variable. For a learning rate, assign it directly: optimizer.learning_rate = value.",
    "set_value: tf.Variable이 필요합니다. 학습률은 optimizer.learning_rate = value처럼 직접 넣으세요.",
  ));
}
