/**
 * `tf.random`: seeds and random ops, with TensorFlow's determinism rules.
 *
 * Seeds (TF's `get_seed`): every random op runs with a pair (seed, seed2).
 *   - global seed set (`tf.random.set_seed`), op seed given: (global, op);
 *   - global seed set, no op seed: (global, n) where n counts the random ops created since
 *     `set_seed`, so the whole sequence of random calls repeats after `set_seed(same)`;
 *   - op seed only: (DEFAULT_GRAPH_SEED, op);  neither: fresh random seeds (not reproducible).
 * State: the generator is Philox4x32-10 keyed by `seed`, with `seed2` in the high counter words;
 * the low counter words count 128-bit blocks already drawn. That count lives in the op's attrs
 * (`state`), so re-running a graph node draws new values each time, and in eager mode calls with
 * the same explicit seeds continue one stream (TF's kernel cache) until `set_seed` resets it.
 * The distributions transform the Philox words the way TF's kernels do (23/52-bit mantissas for
 * uniform floats, Box–Muller for normals, rejection beyond 2σ for truncated normals).
 */
import { Tensor } from "../tensor/tensor";
import { DType, DTypeLike, asDType, float32, int32, int64 } from "../tensor/dtypes";
import { formatShape } from "../tensor/shape";
import { defineOp, runOp, buildingGraph } from "../engine/engine";
import { TensorLike, toTensor } from "./convert";
import { InvalidArgumentError, msg } from "../errors";
import { bindArgs, intList } from "./array";
import { add, multiply, subtract } from "./math";

/** TF's DEFAULT_GRAPH_SEED: the global seed used when only an op seed is given. */
export const DEFAULT_GRAPH_SEED = 87654321;

let globalSeed: number | null = null;
let opCount = 0;
/** Eager streams for explicit (seed, seed2) pairs: TF's cached kernels. Cleared by set_seed. */
const eagerStates = new Map<string, RngState>();

export interface RngState { counter: number }

function checkSeed(fn: string, s: unknown): number {
  if (typeof s !== "number" || !Number.isInteger(s)) {
    throw new InvalidArgumentError(msg(`${fn}: seed must be an integer, got ${String(s)}.`, `${fn}: seed는 정수여야 하는데 ${String(s)}입니다.`));
  }
  return s;
}

/** `tf.random.set_seed(seed)`: sets the global seed and restarts the op-seed sequence. */
export function set_seed(seed: number | null): void {
  globalSeed = seed == null ? null : checkSeed("set_seed", seed);
  opCount = 0;
  eagerStates.clear();
}
/** The global seed, or null. */
export function get_global_seed(): number | null { return globalSeed; }

/** `tf.compat.v1.get_seed(op_seed)`: the (seed, seed2) pair an op with `op_seed` would use. */
export function get_seed(op_seed?: number | null): [number | null, number | null] {
  if (globalSeed !== null) {
    if (op_seed == null) op_seed = ++opCount;
    return [globalSeed, checkSeed("get_seed", op_seed)];
  }
  if (op_seed != null) return [DEFAULT_GRAPH_SEED, checkSeed("get_seed", op_seed)];
  return [null, null];
}

const rand31 = (): number => Math.floor(Math.random() * 0x7fffffff);

/** Seed attrs for one stateful random op: the pair plus where its stream continues. */
function seedAttrs(opType: string, opSeed: number | null | undefined, dtype: DType): { seed: number; seed2: number; state: RngState } {
  const explicit = opSeed != null;
  const [s, s2] = get_seed(opSeed);
  if (s === null || s2 === null) return { seed: rand31(), seed2: rand31(), state: { counter: 0 } };
  let state: RngState = { counter: 0 };
  if (explicit && !buildingGraph()) {
    const key = `${opType}/${dtype.name}/${s}/${s2}`;
    const st = eagerStates.get(key);
    if (st) state = st; else eagerStates.set(key, state);
  }
  return { seed: s, seed2: s2, state };
}

/** RandomUniform's seed attrs for an op that draws the same stream (dropout's fused kernel). */
export function uniformSeedAttrs(opSeed: number | null | undefined, dtype: DType): { seed: number; seed2: number; state: RngState } {
  return seedAttrs("RandomUniform", opSeed, dtype);
}

/** A graph-time shape tensor (e.g. `tf.shape(x)` with unknown dims) becomes the op's input. */
function dynShape(shape: unknown): Tensor[] {
  return shape instanceof Tensor && shape.isSymbolic ? [shape] : [];
}
function shapeArg(fn: string, shape: unknown): number[] {
  if (shape instanceof Tensor && shape.isSymbolic) return null as unknown as number[];
  const s = intList(fn, "shape", shape);
  if (s.some((d) => d < 0)) {
    throw new InvalidArgumentError(msg(`${fn}: shape must be non-negative, got ${formatShape(s)}.`, `${fn}: shape는 0 이상이어야 하는데 ${formatShape(s)}입니다.`));
  }
  return s;
}
function floatDType(fn: string, d: DType): DType {
  if (d.kind !== "f") {
    throw new InvalidArgumentError(msg(
      `${fn}: dtype must be a floating point type (float16, float32, float64), got ${d.name}.`,
      `${fn}: dtype은 실수형(float16, float32, float64)이어야 하는데 ${d.name}입니다.`,
    ));
  }
  return d;
}
/**
 * A distribution parameter given as a JS number goes into the op's attrs; a tensor stays a tensor
 * (null here) and is applied with ops, so gradients reach it as in TF.
 */
function scalarParam(v: unknown): number | null {
  return typeof v === "number" ? v : null;
}
/** Integer bounds may be scalar tensors too (no gradient there). */
function intParam(v: unknown): number | null {
  if (v instanceof Tensor && !v.isSymbolic && v.rank === 0) return Number(v.numpy().item());
  return typeof v === "number" ? v : null;
}

function randomInfer(kinds: string, what: string) {
  // The shape is an attr, or (like TF's ops) an int32 tensor input when only known at run time.
  return ([s]: Tensor[], { shape, dtype }: { shape?: number[] | null; dtype: DType }) => {
    if (!kinds.includes(dtype.kind)) {
      throw new InvalidArgumentError(msg(`random op: dtype must be ${what}, got ${dtype.name}.`, `random op: dtype은 ${what}이어야 하는데 ${dtype.name}입니다.`));
    }
    if (s) {
      // `shape` (if given) is the static part known when the graph was built, e.g. [null, 784].
      if (s.isSymbolic) return [{ shape: shape ? [...shape] : new Array(s.shape[0] ?? 0).fill(null), dtype }];
      return [{ shape: Array.from(s.dataSync() as Int32Array), dtype }];
    }
    return [{ shape: [...shape!], dtype }];
  };
}
for (const [name, kinds, what] of [
  ["RandomUniform", "f", "floating point"], ["RandomUniformInt", "iu", "an integer type"],
  ["RandomStandardNormal", "f", "floating point"], ["TruncatedNormal", "f", "floating point"],
] as const) {
  defineOp({ name, infer: randomInfer(kinds, what), stateful: true });
  defineOp({ name: `Stateless${name === "RandomStandardNormal" ? "RandomNormal" : name}`, infer: randomInfer(kinds, what) });
}

/** out = unit * scale + shift where scale/shift are tensors (differentiable w.r.t. them, like TF). */
function affine(unit: Tensor, scale: unknown, shift: unknown, fn: string): Tensor {
  const sc = toTensor(scale as TensorLike, fn, unit.dtype), sh = toTensor(shift as TensorLike, fn, unit.dtype);
  return add(multiply(unit, sc), sh);
}


/**
 * `tf.random.uniform(shape, minval=0, maxval=None, dtype=tf.float32, seed=None, name=None)`:
 * floats in [minval, maxval) (maxval defaults to 1); integer dtypes need maxval.
 */
export interface UniformOptions { minval?: number | Tensor | null; maxval?: number | Tensor | null; dtype?: DTypeLike | null; seed?: number | null; name?: string }
export function uniform(shape: number[] | Tensor, minval?: number | Tensor | null | UniformOptions, maxval?: number | Tensor | null | UniformOptions, dtype?: DTypeLike | null | UniformOptions, seed?: number | null | UniformOptions, name?: string | UniformOptions): Tensor {
  const o = bindArgs("uniform", ["shape", "minval", "maxval", "dtype", "seed", "name"], [shape, minval, maxval, dtype, seed, name]);
  const s = shapeArg("uniform", o.shape);
  const d = asDType(o.dtype ?? float32);
  if (d.kind === "i" || d.kind === "u") {
    if (o.maxval == null) {
      throw new InvalidArgumentError(msg(`uniform: Must specify maxval for integer dtype ${d.name}.`, `uniform: 정수 dtype ${d.name}에는 maxval을 지정해야 합니다.`));
    }
    const lo = intParam(o.minval ?? 0), hi = intParam(o.maxval);
    if (lo === null || hi === null || !Number.isInteger(lo) || !Number.isInteger(hi)) {
      throw new InvalidArgumentError(msg("uniform: integer minval/maxval must be integer scalars.", "uniform: 정수형의 minval/maxval은 정수 스칼라여야 합니다."));
    }
    if (lo >= hi) {
      throw new InvalidArgumentError(msg(`uniform: Need minval < maxval: ${lo} >= ${hi}.`, `uniform: minval < maxval이어야 합니다: ${lo} >= ${hi}.`));
    }
    return runOp("RandomUniformInt", dynShape(o.shape), { shape: s, dtype: d, minval: lo, maxval: hi, ...seedAttrs("RandomUniformInt", o.seed, d) }, o.name)[0];
  }
  floatDType("uniform", d);
  const lo = scalarParam(o.minval ?? 0), hi = scalarParam(o.maxval ?? 1);
  if (lo !== null && hi !== null) {
    return runOp("RandomUniform", dynShape(o.shape), { shape: s, dtype: d, minval: lo, maxval: hi, ...seedAttrs("RandomUniform", o.seed, d) }, o.name)[0];
  }
  const unit = runOp("RandomUniform", dynShape(o.shape), { shape: s, dtype: d, minval: 0, maxval: 1, ...seedAttrs("RandomUniform", o.seed, d) })[0];
  const minT = toTensor((o.minval ?? 0) as TensorLike, "uniform", d);
  return affine(unit, subtract(toTensor((o.maxval ?? 1) as TensorLike, "uniform", d), minT), minT, "uniform");
}

function normalLike(fn: string, op: "RandomStandardNormal" | "TruncatedNormal", args: unknown[]): Tensor {
  const o = bindArgs(fn, ["shape", "mean", "stddev", "dtype", "seed", "name"], args);
  const s = shapeArg(fn, o.shape);
  const d = floatDType(fn, asDType(o.dtype ?? float32));
  const m = scalarParam(o.mean ?? 0), sd = scalarParam(o.stddev ?? 1);
  if (m !== null && sd !== null) {
    return runOp(op, dynShape(o.shape), { shape: s, dtype: d, mean: m, stddev: sd, ...seedAttrs(op, o.seed, d) }, o.name)[0];
  }
  const unit = runOp(op, dynShape(o.shape), { shape: s, dtype: d, mean: 0, stddev: 1, ...seedAttrs(op, o.seed, d) })[0];
  return affine(unit, o.stddev ?? 1, o.mean ?? 0, fn);
}
/** `tf.random.normal(shape, mean=0.0, stddev=1.0, dtype=tf.float32, seed=None, name=None)` */
export interface NormalOptions { mean?: number | Tensor; stddev?: number | Tensor; dtype?: DTypeLike | null; seed?: number | null; name?: string }
export function normal(shape: number[] | Tensor, mean?: number | Tensor | NormalOptions, stddev?: number | Tensor | NormalOptions, dtype?: DTypeLike | null | NormalOptions, seed?: number | null | NormalOptions, name?: string | NormalOptions): Tensor {
  return normalLike("normal", "RandomStandardNormal", [shape, mean, stddev, dtype, seed, name]);
}
/** `tf.random.truncated_normal(shape, mean=0.0, stddev=1.0, dtype=tf.float32, seed=None, name=None)`: values beyond 2 stddev are redrawn. */
export function truncated_normal(shape: number[] | Tensor, mean?: number | Tensor | NormalOptions, stddev?: number | Tensor | NormalOptions, dtype?: DTypeLike | null | NormalOptions, seed?: number | null | NormalOptions, name?: string | NormalOptions): Tensor {
  return normalLike("truncated_normal", "TruncatedNormal", [shape, mean, stddev, dtype, seed, name]);
}

defineOp({
  name: "RandomShuffle",
  infer([x]) { return [{ shape: x.shape, dtype: x.dtype }]; },
  stateful: true,
});
/** `tf.random.shuffle(value, seed=None, name=None)`: permutes `value` along its first dimension. */
export function shuffle(value: TensorLike, seed?: number | null | { seed?: number | null; name?: string }, name?: string | { name?: string }): Tensor {
  const o = bindArgs("shuffle", ["value", "seed", "name"], [value, seed, name]);
  const t = toTensor(value, "shuffle");
  return runOp("RandomShuffle", [t], seedAttrs("RandomShuffle", o.seed, t.dtype), o.name)[0];
}

defineOp({
  name: "Multinomial",
  infer([logits], { num_samples, output_dtype }) {
    if (logits.rank !== 2) {
      throw new InvalidArgumentError(msg(
        `Multinomial: logits should be a matrix [batch_size, num_classes], got shape ${formatShape(logits.shape)}.`,
        `Multinomial: logits는 [batch_size, num_classes] 행렬이어야 하는데 형태가 ${formatShape(logits.shape)}입니다.`,
      ));
    }
    if (logits.dtype.kind !== "f") {
      throw new InvalidArgumentError(msg(`Multinomial: logits must be floating point, got ${logits.dtype.name}.`, `Multinomial: logits는 실수형이어야 하는데 ${logits.dtype.name}입니다.`));
    }
    if (logits.shape[1] === 0 && (logits.shape[0] ?? 1) > 0) {
      throw new InvalidArgumentError(msg("Multinomial: num_classes should be positive, got 0.", "Multinomial: 클래스 수는 양수여야 합니다."));
    }
    return [{ shape: [logits.shape[0], num_samples], dtype: output_dtype }];
  },
  stateful: true,
});
/** `tf.random.categorical(logits, num_samples, dtype=None, seed=None, name=None)`: class indices drawn from softmax(logits) per row. */
export interface CategoricalOptions { num_samples?: number; dtype?: DTypeLike | null; seed?: number | null; name?: string }
export function categorical(logits: TensorLike, num_samples: number | CategoricalOptions, dtype?: DTypeLike | null | CategoricalOptions, seed?: number | null | CategoricalOptions, name?: string | CategoricalOptions): Tensor {
  const o = bindArgs("categorical", ["logits", "num_samples", "dtype", "seed", "name"], [logits, num_samples, dtype, seed, name]);
  const l = toTensor(logits, "categorical");
  const n = o.num_samples;
  if (!Number.isInteger(n) || n < 0) {
    throw new InvalidArgumentError(msg(`categorical: num_samples must be a non-negative integer, got ${String(n)}.`, `categorical: num_samples는 0 이상의 정수여야 하는데 ${String(n)}입니다.`));
  }
  const d = asDType(o.dtype ?? int64);
  if (d.name !== "int32" && d.name !== "int64") {
    throw new InvalidArgumentError(msg(`categorical: dtype must be int32 or int64, got ${d.name}.`, `categorical: dtype은 int32나 int64여야 하는데 ${d.name}입니다.`));
  }
  return runOp("Multinomial", [l], { num_samples: n, output_dtype: d, ...seedAttrs("Multinomial", o.seed, d) }, o.name)[0];
}

// ---------------------------------------------------------------- stateless (seed = [a, b] pair)
function seedPair(fn: string, seed: unknown): { seed: number; seed2: number } {
  const s = intList(fn, "seed", seed);
  if (s.length !== 2) {
    throw new InvalidArgumentError(msg(`${fn}: seed must be a shape [2] integer pair, got ${JSON.stringify(s)}.`, `${fn}: seed는 정수 두 개의 쌍이어야 하는데 ${JSON.stringify(s)}입니다.`));
  }
  return { seed: s[0], seed2: s[1] };
}
/** `tf.random.stateless_uniform(shape, seed, minval=0, maxval=None, dtype=tf.float32, name=None)`: same seed, same values. */
export interface StatelessUniformOptions { seed?: number[] | Tensor; minval?: number; maxval?: number | null; dtype?: DTypeLike | null; name?: string }
export function stateless_uniform(shape: number[] | Tensor, seed: number[] | Tensor | StatelessUniformOptions, minval?: number | StatelessUniformOptions, maxval?: number | null | StatelessUniformOptions, dtype?: DTypeLike | null | StatelessUniformOptions, name?: string | StatelessUniformOptions): Tensor {
  const o = bindArgs("stateless_uniform", ["shape", "seed", "minval", "maxval", "dtype", "name"], [shape, seed, minval, maxval, dtype, name]);
  const s = shapeArg("stateless_uniform", o.shape);
  const d = asDType(o.dtype ?? float32);
  const sp = seedPair("stateless_uniform", o.seed);
  if (d.kind === "i" || d.kind === "u") {
    if (o.maxval == null) throw new InvalidArgumentError(msg(`stateless_uniform: Must specify maxval for integer dtype ${d.name}.`, `stateless_uniform: 정수 dtype ${d.name}에는 maxval을 지정해야 합니다.`));
    if (!((o.minval ?? 0) < o.maxval)) throw new InvalidArgumentError(msg(`stateless_uniform: Need minval < maxval: ${o.minval ?? 0} >= ${o.maxval}.`, `stateless_uniform: minval < maxval이어야 합니다.`));
    return runOp("StatelessRandomUniformInt", [], { shape: s, dtype: d, minval: o.minval ?? 0, maxval: o.maxval, ...sp }, o.name)[0];
  }
  floatDType("stateless_uniform", d);
  return runOp("StatelessRandomUniform", [], { shape: s, dtype: d, minval: o.minval ?? 0, maxval: o.maxval ?? 1, ...sp }, o.name)[0];
}
/** `tf.random.stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=tf.float32, name=None)` */
export interface StatelessNormalOptions { seed?: number[] | Tensor; mean?: number; stddev?: number; dtype?: DTypeLike | null; name?: string }
export function stateless_normal(shape: number[] | Tensor, seed: number[] | Tensor | StatelessNormalOptions, mean?: number | StatelessNormalOptions, stddev?: number | StatelessNormalOptions, dtype?: DTypeLike | null | StatelessNormalOptions, name?: string | StatelessNormalOptions): Tensor {
  const o = bindArgs("stateless_normal", ["shape", "seed", "mean", "stddev", "dtype", "name"], [shape, seed, mean, stddev, dtype, name]);
  const d = floatDType("stateless_normal", asDType(o.dtype ?? float32));
  return runOp("StatelessRandomNormal", [], { shape: shapeArg("stateless_normal", o.shape), dtype: d, mean: o.mean ?? 0, stddev: o.stddev ?? 1, ...seedPair("stateless_normal", o.seed) }, o.name)[0];
}
/** `tf.random.stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=tf.float32, name=None)` */
export function stateless_truncated_normal(shape: number[] | Tensor, seed: number[] | Tensor | StatelessNormalOptions, mean?: number | StatelessNormalOptions, stddev?: number | StatelessNormalOptions, dtype?: DTypeLike | null | StatelessNormalOptions, name?: string | StatelessNormalOptions): Tensor {
  const o = bindArgs("stateless_truncated_normal", ["shape", "seed", "mean", "stddev", "dtype", "name"], [shape, seed, mean, stddev, dtype, name]);
  const d = floatDType("stateless_truncated_normal", asDType(o.dtype ?? float32));
  return runOp("StatelessTruncatedNormal", [], { shape: shapeArg("stateless_truncated_normal", o.shape), dtype: d, mean: o.mean ?? 0, stddev: o.stddev ?? 1, ...seedPair("stateless_truncated_normal", o.seed) }, o.name)[0];
}

/**
 * A uniform [0, 1) tensor shaped like `x` in x's (float) dtype: what dropout masks are made of.
 * Follows the seed rules above (`seed` = op seed).
 */
export function random_uniform_like(x: Tensor, seed?: number | null): Tensor {
  const d = floatDType("random_uniform_like", x.dtype);
  if (!x.shape.every((s) => s !== null)) {
    // Unknown dims in a graph: the shape comes from the tensor at run time.
    const s = runOp("Shape", [x], { out_type: int32 })[0];
    return runOp("RandomUniform", [s], { shape: x.shape, dtype: d, minval: 0, maxval: 1, ...seedAttrs("RandomUniform", seed, d) })[0];
  }
  return runOp("RandomUniform", [], { shape: x.shape, dtype: d, minval: 0, maxval: 1, ...seedAttrs("RandomUniform", seed, d) })[0];
}

/** The `tf.random` namespace. */
export const randomNamespace = {
  set_seed, uniform, normal, truncated_normal, shuffle, categorical,
  stateless_uniform, stateless_normal, stateless_truncated_normal,
};
