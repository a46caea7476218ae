/**
 * TF1 initializers (`tf.compat.v1.zeros_initializer()` ...): objects called as
 * `init(shape, dtype?, partition_info?)` that build the initial value with ops, so in graph mode
 * the value is computed when the variable's initializer runs (as in TF1's `init_ops.py`).
 */
import { Tensor } from "../core/tensor/tensor";
import { DType, DTypeLike, asDType, float32 } from "../core/tensor/dtypes";
import { InvalidArgumentError, msg } from "../core/errors";
import { bindArgs } from "../core/ops/reduce";
import { zeros, ones } from "../core/ops/creation";
import { constant } from "../core/ops/convert";
import { NDArray } from "../core/tensor/ndarray";
import { formatShape } from "../core/tensor/shape";
import * as random from "../core/ops/random";

export type ShapeLike = number[];

/** The base class: TF1's `tf.compat.v1.keras.initializers.Initializer` / `init_ops.Initializer`. */
export abstract class Initializer {
  /** The dtype given at construction (TF1 initializers carry one; call-time dtype wins). */
  readonly dtype: DType;
  constructor(dtype: DTypeLike | undefined | null) { this.dtype = asDType(dtype ?? null, float32); }
  /** `init(shape, dtype=None, partition_info=None)`. */
  abstract call(shape: ShapeLike, dtype?: DType): Tensor;
  get_config(): Record<string, unknown> { return { dtype: this.dtype.name }; }
  /** Makes instances callable the Python way through `asCallable`. */
}

/** What `get_variable({ initializer })` accepts: an Initializer, a `(shape, dtype) => value` function, or a value. */
export type InitializerLike = Initializer | ((shape: ShapeLike, dtype: DType) => unknown) | Tensor | NDArray | number | number[] | number[][];

function checkShape(fn: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new InvalidArgumentError(msg(
      `${fn}: the shape must be fully defined (non-negative integers), got ${JSON.stringify(shape)}.`,
      `${fn}: 형태(shape)는 완전히 정해져야 합니다 (0 이상의 정수). 받은 값: ${JSON.stringify(shape)}.`,
    ));
  }
  return shape as number[];
}

function floatDType(fn: string, d: DType): DType {
  if (!d.is_floating) {
    throw new InvalidArgumentError(msg(
      `${fn}: expected a floating point dtype, got ${d.name}. Pass dtype: tf.float32.`,
      `${fn}: 실수(floating point) dtype이 필요한데 ${d.name}입니다. dtype: tf.float32를 주세요.`,
    ));
  }
  return d;
}

export class Zeros extends Initializer {
  call(shape: ShapeLike, dtype?: DType): Tensor { return zeros(checkShape("zeros_initializer", shape), dtype ?? this.dtype); }
}
export class Ones extends Initializer {
  call(shape: ShapeLike, dtype?: DType): Tensor { return ones(checkShape("ones_initializer", shape), dtype ?? this.dtype); }
}

export class Constant extends Initializer {
  constructor(readonly value: unknown = 0, dtype?: DTypeLike | null, readonly verify_shape = false) { super(dtype); }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const s = checkShape("constant_initializer", shape);
    const d = dtype ?? this.dtype;
    let v = this.value;
    if (v instanceof Tensor) v = v.numpy();
    const n = s.reduce((a, b) => a * b, 1);
    if (typeof v === "number" || typeof v === "boolean") return constant(v as number, d, s);
    const flat = v instanceof NDArray ? Array.from(v.data as ArrayLike<number>) : (v as unknown[]).flat(Infinity) as number[];
    if (flat.length === n) return constant(flat, d, s);
    // TF1: a shorter list is padded with its last element (unless verify_shape); a longer one is an error.
    if (flat.length > n || this.verify_shape || flat.length === 0) {
      throw new InvalidArgumentError(msg(
        `constant_initializer: too many elements provided. Needed at most ${n}, but received ${flat.length} (shape ${formatShape(s)}).`,
        `constant_initializer: 원소가 너무 많습니다. 최대 ${n}개가 필요한데 ${flat.length}개를 받았습니다 (형태 ${formatShape(s)}).`,
      ));
    }
    const full = flat.concat(new Array(n - flat.length).fill(flat[flat.length - 1]));
    return constant(full, d, s);
  }
  override get_config(): Record<string, unknown> { return { value: this.value, dtype: this.dtype.name, verify_shape: this.verify_shape }; }
}

export class RandomUniform extends Initializer {
  constructor(readonly minval = 0, readonly maxval: number | null = null, readonly seed: number | null = null, dtype?: DTypeLike | null) { super(dtype); }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const d = dtype ?? this.dtype;
    const maxval = this.maxval ?? (d.is_floating ? 1 : null);
    return random.uniform(checkShape("random_uniform_initializer", shape), { minval: this.minval, maxval: maxval ?? undefined, dtype: d, seed: this.seed ?? undefined });
  }
}

export class RandomNormal extends Initializer {
  constructor(readonly mean = 0, readonly stddev = 1, readonly seed: number | null = null, dtype?: DTypeLike | null) { super(dtype); }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const d = floatDType("random_normal_initializer", dtype ?? this.dtype);
    return random.normal(checkShape("random_normal_initializer", shape), { mean: this.mean, stddev: this.stddev, dtype: d, seed: this.seed ?? undefined });
  }
}

export class TruncatedNormal extends Initializer {
  constructor(readonly mean = 0, readonly stddev = 1, readonly seed: number | null = null, dtype?: DTypeLike | null) { super(dtype); }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const d = floatDType("truncated_normal_initializer", dtype ?? this.dtype);
    return random.truncated_normal(checkShape("truncated_normal_initializer", shape), { mean: this.mean, stddev: this.stddev, dtype: d, seed: this.seed ?? undefined });
  }
}

/** TF's `_compute_fans`. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

const VS_MODES = ["fan_in", "fan_out", "fan_avg"];
const VS_DISTS = ["normal", "uniform", "truncated_normal", "untruncated_normal"];

export class VarianceScaling extends Initializer {
  constructor(readonly scale = 1.0, readonly mode = "fan_in", readonly distribution = "truncated_normal", readonly seed: number | null = null, dtype?: DTypeLike | null) {
    super(dtype);
    if (!(scale > 0)) throw new InvalidArgumentError(msg(`\`scale\` must be positive float. Got: ${scale}`, `\`scale\`은 양수여야 합니다. 받은 값: ${scale}`));
    if (!VS_MODES.includes(mode)) {
      throw new InvalidArgumentError(msg(`Invalid \`mode\` argument: ${mode}. Use one of ${VS_MODES.join(", ")}.`, `잘못된 \`mode\` 인자: ${mode}. ${VS_MODES.join(", ")} 중 하나를 쓰세요.`));
    }
    if (!VS_DISTS.includes(distribution)) {
      throw new InvalidArgumentError(msg(
        `Invalid \`distribution\` argument: ${distribution}. Use one of ${VS_DISTS.join(", ")}.`,
        `잘못된 \`distribution\` 인자: ${distribution}. ${VS_DISTS.join(", ")} 중 하나를 쓰세요.`,
      ));
    }
  }
  call(shape: ShapeLike, dtype?: DType): Tensor {
    const s = checkShape("variance_scaling_initializer", shape);
    const d = floatDType("variance_scaling_initializer", dtype ?? this.dtype);
    const [fanIn, fanOut] = computeFans(s);
    const n = this.mode === "fan_in" ? fanIn : this.mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
    const scale = this.scale / Math.max(1, n);
    const seed = this.seed ?? undefined;
    if (this.distribution === "normal" || this.distribution === "truncated_normal") {
      // 0.879... = stddev of a standard normal truncated to (-2, 2).
      const stddev = Math.sqrt(scale) / 0.87962566103423978;
      return random.truncated_normal(s, { mean: 0, stddev, dtype: d, seed });
    }
    if (this.distribution === "untruncated_normal") return random.normal(s, { mean: 0, stddev: Math.sqrt(scale), dtype: d, seed });
    const limit = Math.sqrt(3 * scale);
    return random.uniform(s, { minval: -limit, maxval: limit, dtype: d, seed });
  }
}

// ---------------------------------------------------------------- factory functions (TF1 names)
type Opts<K extends string> = Partial<Record<K, any>>;

/** `tf.compat.v1.zeros_initializer(dtype=tf.float32)` */
export function zeros_initializer(dtype?: DTypeLike | Opts<"dtype">): Zeros {
  const o = bindArgs("zeros_initializer", ["dtype"], [dtype]);
  return new Zeros(o.dtype);
}
/** `tf.compat.v1.ones_initializer(dtype=tf.float32)` */
export function ones_initializer(dtype?: DTypeLike | Opts<"dtype">): Ones {
  const o = bindArgs("ones_initializer", ["dtype"], [dtype]);
  return new Ones(o.dtype);
}
/** `tf.compat.v1.constant_initializer(value=0, dtype=tf.float32, verify_shape=False)` */
export function constant_initializer(value?: unknown, dtype?: DTypeLike | Opts<"value" | "dtype" | "verify_shape">, verify_shape?: boolean): Constant {
  const args = [value, dtype, verify_shape];
  // `constant_initializer({ value: 3 })`: a lone options object is keywords, not the value.
  const o = value !== undefined && dtype === undefined && isKw(value, ["value", "dtype", "verify_shape"])
    ? bindArgs("constant_initializer", ["value", "dtype", "verify_shape"], [value])
    : bindArgs("constant_initializer", ["value", "dtype", "verify_shape"], args);
  return new Constant(o.value ?? 0, o.dtype, !!o.verify_shape);
}
function isKw(v: unknown, keys: string[]): boolean {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && Object.keys(v as object).every((k) => keys.includes(k));
}
/** `tf.compat.v1.random_uniform_initializer(minval=0, maxval=None, seed=None, dtype=tf.float32)` */
export function random_uniform_initializer(minval?: number | Opts<"minval" | "maxval" | "seed" | "dtype">, maxval?: number | null, seed?: number | null, dtype?: DTypeLike): RandomUniform {
  const o = bindArgs("random_uniform_initializer", ["minval", "maxval", "seed", "dtype"], [minval, maxval, seed, dtype]);
  return new RandomUniform(o.minval ?? 0, o.maxval ?? null, o.seed ?? null, o.dtype);
}
/** `tf.compat.v1.random_normal_initializer(mean=0.0, stddev=1.0, seed=None, dtype=tf.float32)` */
export function random_normal_initializer(mean?: number | Opts<"mean" | "stddev" | "seed" | "dtype">, stddev?: number, seed?: number | null, dtype?: DTypeLike): RandomNormal {
  const o = bindArgs("random_normal_initializer", ["mean", "stddev", "seed", "dtype"], [mean, stddev, seed, dtype]);
  return new RandomNormal(o.mean ?? 0, o.stddev ?? 1, o.seed ?? null, o.dtype);
}
/** `tf.compat.v1.truncated_normal_initializer(mean=0.0, stddev=1.0, seed=None, dtype=tf.float32)` */
export function truncated_normal_initializer(mean?: number | Opts<"mean" | "stddev" | "seed" | "dtype">, stddev?: number, seed?: number | null, dtype?: DTypeLike): TruncatedNormal {
  const o = bindArgs("truncated_normal_initializer", ["mean", "stddev", "seed", "dtype"], [mean, stddev, seed, dtype]);
  return new TruncatedNormal(o.mean ?? 0, o.stddev ?? 1, o.seed ?? null, o.dtype);
}
/** `tf.compat.v1.variance_scaling_initializer(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, dtype=tf.float32)` */
export function variance_scaling_initializer(
  scale?: number | Opts<"scale" | "mode" | "distribution" | "seed" | "dtype">, mode?: string, distribution?: string, seed?: number | null, dtype?: DTypeLike,
): VarianceScaling {
  const o = bindArgs("variance_scaling_initializer", ["scale", "mode", "distribution", "seed", "dtype"], [scale, mode, distribution, seed, dtype]);
  return new VarianceScaling(o.scale ?? 1, o.mode ?? "fan_in", o.distribution ?? "truncated_normal", o.seed ?? null, o.dtype);
}
/** `tf.compat.v1.glorot_uniform_initializer(seed=None, dtype=tf.float32)`: uniform in ±sqrt(6 / (fan_in + fan_out)). */
export function glorot_uniform_initializer(seed?: number | null | Opts<"seed" | "dtype">, dtype?: DTypeLike): VarianceScaling {
  const o = bindArgs("glorot_uniform_initializer", ["seed", "dtype"], [seed, dtype]);
  return new VarianceScaling(1.0, "fan_avg", "uniform", o.seed ?? null, o.dtype);
}
/** `tf.compat.v1.glorot_normal_initializer(seed=None, dtype=tf.float32)`: truncated normal, stddev sqrt(2 / (fan_in + fan_out)). */
export function glorot_normal_initializer(seed?: number | null | Opts<"seed" | "dtype">, dtype?: DTypeLike): VarianceScaling {
  const o = bindArgs("glorot_normal_initializer", ["seed", "dtype"], [seed, dtype]);
  return new VarianceScaling(1.0, "fan_avg", "truncated_normal", o.seed ?? null, o.dtype);
}

/** Runs any InitializerLike for `shape`/`dtype`, giving a tensor (graph or eager, per the current mode). */
export function runInitializer(init: InitializerLike, shape: number[], dtype: DType, fn = "get_variable"): Tensor {
  if (init instanceof Initializer) return init.call(shape, dtype);
  if (typeof init === "function") {
    const v = init(shape, dtype);
    return v instanceof Tensor ? v : constant(v as number[], dtype);
  }
  if (init instanceof Tensor) return init;
  void fn;
  return constant(init as number[], dtype);
}

/** `tf.compat.v1.initializers.*` */
export const initializers_ns = {
  zeros: zeros_initializer, ones: ones_initializer, constant: constant_initializer,
  random_uniform: random_uniform_initializer, random_normal: random_normal_initializer,
  truncated_normal: truncated_normal_initializer, variance_scaling: variance_scaling_initializer,
  glorot_uniform: glorot_uniform_initializer, glorot_normal: glorot_normal_initializer,
  he_normal: (seed?: number | null) => new VarianceScaling(2.0, "fan_in", "truncated_normal", seed ?? null),
  he_uniform: (seed?: number | null) => new VarianceScaling(2.0, "fan_in", "uniform", seed ?? null),
  lecun_normal: (seed?: number | null) => new VarianceScaling(1.0, "fan_in", "truncated_normal", seed ?? null),
  lecun_uniform: (seed?: number | null) => new VarianceScaling(1.0, "fan_in", "uniform", seed ?? null),
};
