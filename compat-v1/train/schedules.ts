/**
 * `tf.compat.v1.train` global step and learning-rate decays. In graph mode a decay is a tensor
 * recomputed from the global step on every run; executing eagerly it is a function returning the
 * current value (as TF1 does under eager execution).
 */
import { Tensor } from "../../core/tensor/tensor";
import { float32, int64 } from "../../core/tensor/dtypes";
import { InvalidArgumentError, msg } from "../../core/errors";
import { buildingGraph } from "../../core/engine/engine";
import { Graph, name_scope } from "../../core/graph/graph";
import { Variable } from "../../core/variable";
import { zeros } from "../../core/ops/creation";
import { cast, multiply, divide, pow, floor, exp, add, negative, minimum, maximum, subtract } from "../../core/ops/math";
import { toTensor } from "../../core/ops/convert";
import { bindArgs } from "../../core/ops/reduce";
import { GraphKeys, get_collection } from "../collections";

let eagerGlobalStep: Variable | null = null;

/** `tf.compat.v1.train.get_global_step(graph=None)`: the global step variable, or null. */
export function get_global_step(graph?: Graph | null): Variable | null {
  const g = graph ?? (buildingGraph() as Graph | null);
  if (!g) return eagerGlobalStep;
  const c = g.get_collection(GraphKeys.GLOBAL_STEP) as Variable[];
  if (c.length > 1) {
    throw new InvalidArgumentError(msg("Multiple tensors in global_step collection.", "global_step 컬렉션에 텐서가 여러 개 있습니다."));
  }
  return c[0] ?? null;
}

/** `tf.compat.v1.train.create_global_step(graph=None)`: an int64 scalar variable "global_step" starting at 0 (not trainable). */
export function create_global_step(graph?: Graph | null): Variable {
  const g = graph ?? (buildingGraph() as Graph | null);
  if (get_global_step(g)) throw new InvalidArgumentError(msg('"global_step" already exists.', '"global_step"가 이미 있습니다.'));
  const make = () => name_scope("", () => new Variable(() => zeros([], int64), { name: "global_step", trainable: false, dtype: int64 }));
  if (!g) return (eagerGlobalStep = make());
  const v = g.as_default(make);
  g.add_to_collection(GraphKeys.GLOBAL_STEP, v);
  return v;
}

/** `tf.compat.v1.train.get_or_create_global_step(graph=None)` */
export function get_or_create_global_step(graph?: Graph | null): Variable {
  return get_global_step(graph) ?? create_global_step(graph);
}

/** `tf.compat.v1.train.global_step(sess, global_step_tensor)`: the step as a JS number. */
export function global_step(sess: { run(f: unknown): any }, global_step_tensor: Variable | Tensor): number {
  return Number(sess.run(global_step_tensor).item());
}

type Num = number | Tensor;
function stepValue(fn: string, gs: Variable | Tensor | null | undefined): Tensor {
  if (gs == null) {
    throw new InvalidArgumentError(msg(
      `global_step is required for ${fn}.`,
      `${fn}에는 global_step이 필요합니다. tf.compat.v1.train.get_or_create_global_step()으로 만드세요.`,
    ));
  }
  const t = gs instanceof Variable ? gs.value() : gs;
  return cast(t, float32);
}
function lazy(compute: () => Tensor): Tensor | (() => Tensor) {
  // Graph: one tensor, re-evaluated on each run. Eager: a function giving the current value.
  return buildingGraph() ? compute() : compute;
}
const f = (x: Num, fn: string) => (x instanceof Tensor ? cast(x, float32) : toTensor(x, fn, float32));

/**
 * `tf.compat.v1.train.exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None)`:
 * `learning_rate * decay_rate ^ (global_step / decay_steps)` (integer division of the exponent with staircase).
 */
export function exponential_decay(learning_rate: Num | Record<string, unknown>, global_step?: Variable | Tensor | null, decay_steps?: Num, decay_rate?: Num, staircase?: boolean, name?: string): any {
  const o = learning_rate !== null && typeof learning_rate === "object" && !(learning_rate instanceof Tensor)
    ? bindArgs("exponential_decay", ["learning_rate", "global_step", "decay_steps", "decay_rate", "staircase", "name"], [learning_rate])
    : { learning_rate, global_step, decay_steps, decay_rate, staircase, name };
  if (o.decay_steps == null || o.decay_rate == null) {
    throw new InvalidArgumentError(msg("exponential_decay: decay_steps and decay_rate are required.", "exponential_decay: decay_steps와 decay_rate가 필요합니다."));
  }
  const gs = o.global_step;
  stepCheck("exponential_decay", gs);
  return lazy(() => name_scope(o.name ?? "ExponentialDecay", () => {
    let p = divide(stepValue("exponential_decay", gs), f(o.decay_steps, "exponential_decay"));
    if (o.staircase) p = floor(p);
    return multiply(f(o.learning_rate, "exponential_decay"), pow(f(o.decay_rate, "exponential_decay"), p));
  }));
}

/** `tf.compat.v1.train.inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None)`: `lr / (1 + decay_rate * step / decay_steps)`. */
export function inverse_time_decay(learning_rate: Num, global_step: Variable | Tensor, decay_steps: Num, decay_rate: Num, staircase = false, name?: string): any {
  stepCheck("inverse_time_decay", global_step);
  return lazy(() => name_scope(name ?? "InverseTimeDecay", () => {
    let p = divide(stepValue("inverse_time_decay", global_step), f(decay_steps, "inverse_time_decay"));
    if (staircase) p = floor(p);
    return divide(f(learning_rate, "inverse_time_decay"), add(toTensor(1, "d", float32), multiply(f(decay_rate, "inverse_time_decay"), p)));
  }));
}

/** `tf.compat.v1.train.natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None)`: `lr * exp(-decay_rate * step / decay_steps)`. */
export function natural_exp_decay(learning_rate: Num, global_step: Variable | Tensor, decay_steps: Num, decay_rate: Num, staircase = false, name?: string): any {
  stepCheck("natural_exp_decay", global_step);
  return lazy(() => name_scope(name ?? "NaturalExpDecay", () => {
    let p = divide(stepValue("natural_exp_decay", global_step), f(decay_steps, "natural_exp_decay"));
    if (staircase) p = floor(p);
    return multiply(f(learning_rate, "natural_exp_decay"), exp(negative(multiply(f(decay_rate, "natural_exp_decay"), p))));
  }));
}

/**
 * `tf.compat.v1.train.polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, cycle=False, name=None)`
 * (without `cycle`): `(lr - end) * (1 - min(step, decay_steps) / decay_steps)^power + end`.
 */
export function polynomial_decay(learning_rate: Num, global_step: Variable | Tensor, decay_steps: Num, end_learning_rate: Num = 0.0001, power: Num = 1.0, cycle = false, name?: string): any {
  stepCheck("polynomial_decay", global_step);
  if (cycle) throw new InvalidArgumentError(msg("polynomial_decay: cycle=True is not supported.", "polynomial_decay: cycle=True는 지원하지 않습니다."));
  return lazy(() => name_scope(name ?? "PolynomialDecay", () => {
    const ds = f(decay_steps, "polynomial_decay");
    const step = minimum(stepValue("polynomial_decay", global_step), ds);
    const frac = subtract(toTensor(1, "d", float32), divide(step, ds));
    const end = f(end_learning_rate, "polynomial_decay");
    return add(multiply(subtract(f(learning_rate, "polynomial_decay"), end), pow(frac, f(power, "polynomial_decay"))), end);
  }));
}

/** `tf.compat.v1.train.piecewise_constant(x, boundaries, values, name=None)`: `values[i]` for `boundaries[i-1] < x <= boundaries[i]`. */
export function piecewise_constant(x: Variable | Tensor, boundaries: number[], values: number[], name?: string): any {
  if (values.length !== boundaries.length + 1) {
    throw new InvalidArgumentError(msg(
      "The length of boundaries should be 1 less than the length of values",
      "boundaries의 길이는 values의 길이보다 1 작아야 합니다.",
    ));
  }
  return lazy(() => name_scope(name ?? "PiecewiseConstant", () => {
    const s = stepValue("piecewise_constant", x);
    // sum over boundaries of (values[i+1] - values[i]) * [x > b_i], starting at values[0]
    let out = toTensor(values[0], "piecewise_constant", float32);
    boundaries.forEach((b, i) => {
      const above = cast(maximum(subtract(s, toTensor(b, "p", float32)), toTensor(0, "p", float32)).gt(toTensor(0, "p", float32)), float32);
      out = add(out, multiply(above, toTensor(values[i + 1] - values[i], "p", float32)));
    });
    return out;
  }));
}
export const piecewise_constant_decay = piecewise_constant;

function stepCheck(fn: string, gs: unknown): void {
  if (gs == null) {
    throw new InvalidArgumentError(msg(
      `global_step is required for ${fn}.`,
      `${fn}에는 global_step이 필요합니다. tf.compat.v1.train.get_or_create_global_step()으로 만드세요.`,
    ));
  }
}

void get_collection;
