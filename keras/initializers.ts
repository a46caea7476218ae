/**
 * `tf.keras.initializers`: Keras 2's initializers with its defaults and fan rules. Random ones
 * draw from `tf.random` (seeded per call when `seed` is given, globally seeded by
 * `tf.random.set_seed`).
 */
import type { Tensor } from "../core/tensor/tensor";
import { DType, DTypeLike, asDType, float32, float64 } from "../core/tensor/dtypes";
import { NDArray } from "../core/tensor/ndarray";
import { constant } from "../core/ops/convert";
import * as creation from "../core/ops/creation";
import * as random from "../core/ops/random";
import * as math from "../core/ops/math";
import { InvalidArgumentError, msg, checkOptions, nearest } from "../core/errors";
import { makeCallable, classNameOf } from "./utils/callable";

export type Shape = number[];

/**
 * Draws for seeded initializers: each instance has its own stateless stream keyed by its seed, so
 * two initializers made with the same seed give the same sequence, while repeated calls of one
 * give new values (Keras 2's documented behaviour). Unseeded ones use tf.random (and so follow
 * tf.random.set_seed).
 */
const draws = new WeakMap<object, number>();
function nextSeed(owner: object, seed: number): [number, number] {
  const n = draws.get(owner) ?? 0;
  draws.set(owner, n + 1);
  return [seed, n];
}
function uniform(owner: object, shape: Shape, minval: number, maxval: number, dtype: DType, seed: number | null): Tensor {
  if (seed == null) return random.uniform(shape, { minval, maxval, dtype });
  return random.stateless_uniform(shape, { seed: nextSeed(owner, seed), minval, maxval, dtype });
}
function normal(owner: object, shape: Shape, mean: number, stddev: number, dtype: DType, seed: number | null): Tensor {
  if (seed == null) return random.normal(shape, { mean, stddev, dtype });
  return random.stateless_normal(shape, { seed: nextSeed(owner, seed), mean, stddev, dtype });
}
function truncated(owner: object, shape: Shape, mean: number, stddev: number, dtype: DType, seed: number | null): Tensor {
  if (seed == null) return random.truncated_normal(shape, { mean, stddev, dtype });
  return random.stateless_truncated_normal(shape, { seed: nextSeed(owner, seed), mean, stddev, dtype });
}

/** Base class: `initializer(shape, dtype)` or `initializer.__call__(shape, dtype)`. */
export interface Initializer { (shape: Shape, dtype?: DTypeLike): Tensor }
export class Initializer {
  static className = "Initializer";
  constructor() { return makeCallable(new.target.prototype); }
  __call__(shape: Shape | { shape: Shape; dtype?: DTypeLike }, dtype?: DTypeLike): Tensor {
    if (!Array.isArray(shape)) { dtype = shape.dtype; shape = shape.shape; }
    return this.generate(shape, asDType(dtype ?? null, float32));
  }
  /** Produces the initial values. */
  generate(_shape: Shape, _dtype: DType): Tensor { throw new Error("Initializer.generate is abstract"); }
  get_config(): Record<string, unknown> { return {}; }
  static from_config<T extends Initializer>(this: new (config: any) => T, config: Record<string, unknown>): T { return new this(config); }
  toString(): string { return `<keras.initializers.${classNameOf(this)}>`; }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

function opts<T extends object>(name: string, args: unknown[], names: string[]): Partial<T> {
  if (args.length === 1 && args[0] !== null && typeof args[0] === "object" && !Array.isArray(args[0])) {
    checkOptions(name, args[0] as object, names);
    return args[0] as Partial<T>;
  }
  const o: Record<string, unknown> = {};
  names.forEach((n, i) => { if (args[i] !== undefined) o[n] = args[i]; });
  return o as Partial<T>;
}

export class Zeros extends Initializer {
  static override className = "Zeros";
  override generate(shape: Shape, dtype: DType): Tensor { return creation.zeros(shape, dtype); }
}
export class Ones extends Initializer {
  static override className = "Ones";
  override generate(shape: Shape, dtype: DType): Tensor { return creation.ones(shape, dtype); }
}
export class Constant extends Initializer {
  static override className = "Constant";
  value: number;
  constructor(...args: unknown[]) { super(); this.value = opts<{ value: number }>("Constant", args, ["value"]).value ?? 0; }
  override generate(shape: Shape, dtype: DType): Tensor { return math.cast(creation.fill(shape, this.value), dtype); }
  override get_config(): Record<string, unknown> { return { value: this.value }; }
}
export class RandomNormal extends Initializer {
  static override className = "RandomNormal";
  mean: number; stddev: number; seed: number | null;
  constructor(...args: unknown[]) {
    super();
    const o = opts<{ mean: number; stddev: number; seed: number | null }>("RandomNormal", args, ["mean", "stddev", "seed"]);
    this.mean = o.mean ?? 0; this.stddev = o.stddev ?? 0.05; this.seed = o.seed ?? null;
  }
  override generate(shape: Shape, dtype: DType): Tensor { return normal(this, shape, this.mean, this.stddev, dtype, this.seed); }
  override get_config(): Record<string, unknown> { return { mean: this.mean, stddev: this.stddev, seed: this.seed }; }
}
export class RandomUniform extends Initializer {
  static override className = "RandomUniform";
  minval: number; maxval: number; seed: number | null;
  constructor(...args: unknown[]) {
    super();
    const o = opts<{ minval: number; maxval: number; seed: number | null }>("RandomUniform", args, ["minval", "maxval", "seed"]);
    this.minval = o.minval ?? -0.05; this.maxval = o.maxval ?? 0.05; this.seed = o.seed ?? null;
  }
  override generate(shape: Shape, dtype: DType): Tensor { return uniform(this, shape, this.minval, this.maxval, dtype, this.seed); }
  override get_config(): Record<string, unknown> { return { minval: this.minval, maxval: this.maxval, seed: this.seed }; }
}
export class TruncatedNormal extends Initializer {
  static override className = "TruncatedNormal";
  mean: number; stddev: number; seed: number | null;
  constructor(...args: unknown[]) {
    super();
    const o = opts<{ mean: number; stddev: number; seed: number | null }>("TruncatedNormal", args, ["mean", "stddev", "seed"]);
    this.mean = o.mean ?? 0; this.stddev = o.stddev ?? 0.05; this.seed = o.seed ?? null;
  }
  override generate(shape: Shape, dtype: DType): Tensor { return truncated(this, shape, this.mean, this.stddev, dtype, this.seed); }
  override get_config(): Record<string, unknown> { return { mean: this.mean, stddev: this.stddev, seed: this.seed }; }
}

/** Keras's `_compute_fans`. */
export function computeFans(shape: Shape): [number, number] {
  if (shape.length < 1) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let rf = 1;
  for (const d of shape.slice(0, -2)) rf *= d;
  return [shape[shape.length - 2] * rf, shape[shape.length - 1] * rf];
}

type VSMode = "fan_in" | "fan_out" | "fan_avg";
type VSDist = "truncated_normal" | "untruncated_normal" | "normal" | "uniform";
export class VarianceScaling extends Initializer {
  static override className = "VarianceScaling";
  scale: number; mode: VSMode; distribution: VSDist; seed: number | null;
  constructor(...args: unknown[]) {
    super();
    const o = opts<{ scale: number; mode: VSMode; distribution: VSDist; seed: number | null }>("VarianceScaling", args, ["scale", "mode", "distribution", "seed"]);
    this.scale = o.scale ?? 1; this.mode = o.mode ?? "fan_in"; this.distribution = o.distribution ?? "truncated_normal"; this.seed = o.seed ?? null;
    if (!(this.scale > 0)) throw new InvalidArgumentError(msg(`VarianceScaling: scale must be positive, got ${this.scale}.`, `VarianceScaling: scale은 양수여야 하는데 ${this.scale}입니다.`));
    if (!["fan_in", "fan_out", "fan_avg"].includes(this.mode)) throw new InvalidArgumentError(msg(`VarianceScaling: invalid mode '${this.mode}'; use fan_in, fan_out or fan_avg.`, `VarianceScaling: mode '${this.mode}'는 잘못되었습니다. fan_in, fan_out, fan_avg 중 하나를 쓰세요.`));
    if (!["truncated_normal", "untruncated_normal", "normal", "uniform"].includes(this.distribution)) {
      throw new InvalidArgumentError(msg(`VarianceScaling: invalid distribution '${this.distribution}'.`, `VarianceScaling: distribution '${this.distribution}'는 잘못되었습니다.`));
    }
  }
  override generate(shape: Shape, dtype: DType): Tensor {
    const [fanIn, fanOut] = computeFans(shape);
    let scale = this.scale;
    if (this.mode === "fan_in") scale /= Math.max(1, fanIn);
    else if (this.mode === "fan_out") scale /= Math.max(1, fanOut);
    else scale /= Math.max(1, (fanIn + fanOut) / 2);
    if (this.distribution === "truncated_normal") {
      // 0.879... is the stddev of a standard normal truncated to (-2, 2).
      return truncated(this, shape, 0, Math.sqrt(scale) / 0.87962566103423978, dtype, this.seed);
    }
    if (this.distribution === "untruncated_normal" || this.distribution === "normal") {
      return normal(this, shape, 0, Math.sqrt(scale), dtype, this.seed);
    }
    const limit = Math.sqrt(3 * scale);
    return uniform(this, shape, -limit, limit, dtype, this.seed);
  }
  override get_config(): Record<string, unknown> { return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed }; }
}

function preset(className: string, scale: number, mode: VSMode, distribution: VSDist) {
  return class extends VarianceScaling {
    static override className = className;
    constructor(...args: unknown[]) {
      const o = opts<{ seed: number | null }>(className, args, ["seed"]);
      super({ scale, mode, distribution, seed: o.seed ?? null });
    }
    override get_config(): Record<string, unknown> { return { seed: this.seed }; }
  };
}
export const GlorotUniform = preset("GlorotUniform", 1, "fan_avg", "uniform");
export const GlorotNormal = preset("GlorotNormal", 1, "fan_avg", "truncated_normal");
export const HeNormal = preset("HeNormal", 2, "fan_in", "truncated_normal");
export const HeUniform = preset("HeUniform", 2, "fan_in", "uniform");
export const LecunNormal = preset("LecunNormal", 1, "fan_in", "truncated_normal");
export const LecunUniform = preset("LecunUniform", 1, "fan_in", "uniform");
export type GlorotUniform = InstanceType<typeof GlorotUniform>;
export type GlorotNormal = InstanceType<typeof GlorotNormal>;
export type HeNormal = InstanceType<typeof HeNormal>;
export type HeUniform = InstanceType<typeof HeUniform>;
export type LecunNormal = InstanceType<typeof LecunNormal>;
export type LecunUniform = InstanceType<typeof LecunUniform>;

/** Orthogonal matrices from the QR decomposition of a normal sample (sign-corrected, as Keras). */
export class Orthogonal extends Initializer {
  static override className = "Orthogonal";
  gain: number; seed: number | null;
  constructor(...args: unknown[]) {
    super();
    const o = opts<{ gain: number; seed: number | null }>("Orthogonal", args, ["gain", "seed"]);
    this.gain = o.gain ?? 1; this.seed = o.seed ?? null;
  }
  override generate(shape: Shape, dtype: DType): Tensor {
    if (shape.length < 2) {
      throw new InvalidArgumentError(msg(`Orthogonal: the tensor to initialize must be at least two-dimensional, got shape [${shape}].`, `Orthogonal: 초기화할 텐서는 2차원 이상이어야 하는데 형태가 [${shape}]입니다.`));
    }
    let rows = 1;
    for (const d of shape.slice(0, -1)) rows *= d;
    const cols = shape[shape.length - 1];
    const big = Math.max(rows, cols), small = Math.min(rows, cols);
    const a = normal(this, [big, small], 0, 1, float64, this.seed).dataSync() as Float64Array;
    // Modified Gram-Schmidt on the columns of a (big x small): Q has orthonormal columns and R a
    // positive diagonal, i.e. Keras's q * sign(diag(r)).
    const q = Float64Array.from(a);
    for (let j = 0; j < small; j++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < big; i++) dot += q[i * small + p] * q[i * small + j];
        for (let i = 0; i < big; i++) q[i * small + j] -= dot * q[i * small + p];
      }
      let norm = 0;
      for (let i = 0; i < big; i++) norm += q[i * small + j] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < big; i++) q[i * small + j] /= norm;
    }
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) out[r * cols + c] = this.gain * (rows >= cols ? q[r * small + c] : q[c * small + r]);
    }
    return constant(new NDArray(out, shape, "float64"), dtype);
  }
  override get_config(): Record<string, unknown> { return { gain: this.gain, seed: this.seed }; }
}

export class Identity extends Initializer {
  static override className = "Identity";
  gain: number;
  constructor(...args: unknown[]) { super(); this.gain = opts<{ gain: number }>("Identity", args, ["gain"]).gain ?? 1; }
  override generate(shape: Shape, dtype: DType): Tensor {
    if (shape.length !== 2) throw new InvalidArgumentError(msg(`Identity: only 2-D shapes are supported, got [${shape}].`, `Identity: 2차원 형태만 지원하는데 [${shape}]입니다.`));
    const [r, c] = shape;
    const out = new Float64Array(r * c);
    for (let i = 0; i < Math.min(r, c); i++) out[i * c + i] = this.gain;
    return constant(new NDArray(out, shape, "float64"), dtype);
  }
  override get_config(): Record<string, unknown> { return { gain: this.gain }; }
}

const CLASSES: Record<string, new (...a: any[]) => Initializer> = {
  Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal, VarianceScaling, GlorotUniform, GlorotNormal,
  HeNormal, HeUniform, LecunNormal, LecunUniform, Orthogonal, Identity,
};
const ALIASES: Record<string, string> = {
  zeros: "Zeros", zero: "Zeros", ones: "Ones", one: "Ones", constant: "Constant", random_normal: "RandomNormal", normal: "RandomNormal",
  random_uniform: "RandomUniform", uniform: "RandomUniform", truncated_normal: "TruncatedNormal", variance_scaling: "VarianceScaling",
  glorot_uniform: "GlorotUniform", glorot_normal: "GlorotNormal", he_normal: "HeNormal", he_uniform: "HeUniform",
  lecun_normal: "LecunNormal", lecun_uniform: "LecunUniform", orthogonal: "Orthogonal", identity: "Identity",
  // TensorFlow.js spells these with a capital C.
  LeCunNormal: "LecunNormal", LeCunUniform: "LecunUniform",
};

export type InitializerIdentifier = string | Initializer | { class_name: string; config?: Record<string, unknown> } | ((shape: Shape, dtype?: DTypeLike) => Tensor);

/** `tf.keras.initializers.get(identifier)`: a name, a config dict, or an initializer. */
export function get(identifier: InitializerIdentifier | null | undefined): Initializer {
  if (identifier == null) return new Zeros();
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === "function") {
    const fn = identifier as (shape: Shape, dtype?: DTypeLike) => Tensor;
    const init = new Initializer();
    init.generate = (shape, dtype) => fn(shape, dtype);
    return init;
  }
  if (typeof identifier === "string") {
    const cls = CLASSES[identifier] ?? CLASSES[ALIASES[identifier]];
    if (!cls) {
      const all = [...Object.keys(ALIASES), ...Object.keys(CLASSES)];
      const near = nearest(identifier, all);
      throw new InvalidArgumentError(msg(
        `Unknown initializer: '${identifier}'.${near ? ` Did you mean '${near}'?` : ""} Known: ${Object.keys(ALIASES).join(", ")}.`,
        `알 수 없는 초기화 함수 '${identifier}'입니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 가능한 값: ${Object.keys(ALIASES).join(", ")}.`,
      ));
    }
    return new cls();
  }
  if (typeof identifier === "object" && typeof identifier.class_name === "string") return deserialize(identifier);
  throw new InvalidArgumentError(msg(`Could not interpret initializer identifier: ${String(identifier)}`, `초기화 함수 식별자를 해석할 수 없습니다: ${String(identifier)}`));
}

export function serialize(init: Initializer): { class_name: string; config: Record<string, unknown> } {
  return { class_name: classNameOf(init), config: init.get_config() };
}
export function deserialize(config: { class_name: string; config?: Record<string, unknown> }): Initializer {
  const name = config.class_name;
  const cls = Object.prototype.hasOwnProperty.call(CLASSES, name) ? CLASSES[name] : (Object.prototype.hasOwnProperty.call(ALIASES, name) ? CLASSES[ALIASES[name]] : undefined);
  if (!cls) {
    throw new InvalidArgumentError(msg(`Unknown initializer class '${name}'. Known: ${Object.keys(CLASSES).join(", ")}.`, `알 수 없는 초기화 클래스 '${name}'입니다. 가능한 값: ${Object.keys(CLASSES).join(", ")}.`));
  }
  const c = { ...(config.config ?? {}) };
  // tfjs writes these keys too; Keras initializers do not take them.
  if (name !== "VarianceScaling" && cls.prototype instanceof VarianceScaling) { delete c.scale; delete c.mode; delete c.distribution; }
  return new cls(c);
}

// Keras's lower-case function aliases (tf.keras.initializers.glorot_uniform()).
export const zeros = (): Initializer => new Zeros();
export const ones = (): Initializer => new Ones();
export const glorot_uniform = (seed?: number | null): Initializer => new GlorotUniform({ seed: seed ?? null });
export const glorot_normal = (seed?: number | null): Initializer => new GlorotNormal({ seed: seed ?? null });
export const he_normal = (seed?: number | null): Initializer => new HeNormal({ seed: seed ?? null });
export const he_uniform = (seed?: number | null): Initializer => new HeUniform({ seed: seed ?? null });
export const lecun_normal = (seed?: number | null): Initializer => new LecunNormal({ seed: seed ?? null });
export const lecun_uniform = (seed?: number | null): Initializer => new LecunUniform({ seed: seed ?? null });
