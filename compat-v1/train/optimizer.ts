/**
 * `tf.compat.v1.train.Optimizer` and its subclasses (GradientDescent, Momentum, Adam, RMSProp,
 * Adagrad, Adadelta) with TF1's update rules, slot names and defaults.
 *
 * Graph mode: `minimize(loss)` builds gradient nodes with `tf.compat.v1.gradients` and one
 * assign per variable and slot (`W/Adam`, `W/Adam_1`, `beta1_power`, ...); the returned op runs
 * one training step each time a session runs it. Eager mode: `minimize(() => loss)` takes a
 * callable (like TF), differentiates it with a GradientTape and updates the variables at once.
 *
 * Ordering: a graph run executes its ops in creation order, and every update reads the values it
 * needs before the assigns that replace them are created, so one run is one TF1 step.
 */
import { Tensor } from "../../core/tensor/tensor";
import { DType, float16, float32, float64 } from "../../core/tensor/dtypes";
import { InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import { buildingGraph, ctx } from "../../core/engine/engine";
import { Graph, Operation, name_scope } from "../../core/graph/graph";
import { group } from "../../core/graph/ops";
import { Variable } from "../../core/variable";
import { gradients } from "../../core/autodiff/gradients";
import { GradientTape } from "../../core/autodiff/tape";
import { zeros } from "../../core/ops/creation";
import { cast, multiply } from "../../core/ops/math";
import { toTensor, constant } from "../../core/ops/convert";
import { GraphKeys, get_collection } from "../collections";
import * as rules from "./update_rules";

export type LearningRate = number | Tensor | (() => number | Tensor);
export type GradAndVar = [Tensor | null, Variable];

const FLOATS = [float16, float32, float64];

function isGraphMode(): boolean { return buildingGraph() !== null; }

function checkLossDType(loss: Tensor): void {
  if (!FLOATS.includes(loss.dtype)) {
    throw new InvalidArgumentError(msg(
      `Invalid type tf.${loss.dtype.name} for ${loss._source ? loss.op.name : "loss"}, expected: [tf.float16, tf.bfloat16, tf.float32, tf.float64]. ` +
      `Cast the loss first: tf.cast(loss, tf.float32).`,
      `손실 ${loss._source ? loss.op.name : ""}의 dtype tf.${loss.dtype.name}은(는) 쓸 수 없습니다. 실수형이어야 합니다 (tf.float16, tf.float32, tf.float64). ` +
      `먼저 tf.cast(loss, tf.float32)로 바꾸세요.`,
    ));
  }
}

export interface MinimizeOptions {
  global_step?: Variable | null;
  var_list?: Variable[] | null;
  gate_gradients?: number;
  aggregation_method?: unknown;
  colocate_gradients_with_ops?: boolean;
  name?: string | null;
  grad_loss?: Tensor | null;
}
const MINIMIZE_KEYS = ["global_step", "var_list", "gate_gradients", "aggregation_method", "colocate_gradients_with_ops", "name", "grad_loss"] as const;
const COMPUTE_KEYS = ["var_list", "gate_gradients", "aggregation_method", "colocate_gradients_with_ops", "grad_loss"] as const;

/** `tf.compat.v1.train.Optimizer(use_locking, name)`: the base class. */
export abstract class Optimizer {
  static readonly GATE_NONE = 0;
  static readonly GATE_OP = 1;
  static readonly GATE_GRAPH = 2;

  protected readonly _name: string;
  protected readonly _use_locking: boolean;
  /** slot name -> variable -> slot variable */
  private _slots = new Map<string, Map<Variable, Variable>>();
  /** Non-slot variables (Adam's beta powers), per graph (or the eager key). */
  private _nonSlots = new Map<object, Map<string, Variable>>();

  constructor(use_locking: boolean, name: string) {
    if (!name) throw new InvalidArgumentError(msg("Must specify the optimizer name", "옵티마이저 이름(name)을 주어야 합니다."));
    this._use_locking = use_locking;
    this._name = name;
  }

  get_name(): string { return this._name; }

  /**
   * `minimize(loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
   * colocate_gradients_with_ops=False, name=None, grad_loss=None)`; or `minimize(loss, { var_list, global_step })`.
   * Graph mode returns the training op; eager mode (loss a callable) applies the step and returns null.
   */
  minimize(loss: Tensor | (() => Tensor), global_step?: Variable | null | MinimizeOptions, var_list?: Variable[] | null, gate_gradients?: number, aggregation_method?: unknown, colocate_gradients_with_ops?: boolean, name?: string | null, grad_loss?: Tensor | null): any {
    let o: MinimizeOptions;
    if (global_step != null && !(global_step instanceof Variable) && typeof global_step === "object") {
      checkOptions("minimize", global_step, MINIMIZE_KEYS);
      o = global_step;
    } else o = { global_step, var_list, gate_gradients, aggregation_method, colocate_gradients_with_ops, name, grad_loss };
    const gv = this.compute_gradients(loss, { var_list: o.var_list, gate_gradients: o.gate_gradients, grad_loss: o.grad_loss });
    const withGrad = gv.filter(([g]) => g !== null);
    if (!withGrad.length) {
      const vars = gv.map(([, v]) => `"${v.toString()}"`).join(", ");
      throw new InvalidArgumentError(msg(
        `No gradients provided for any variable, check your graph for ops that do not support gradients, between variables [${vars}] and loss ${typeof loss === "function" ? "<callable>" : loss.toString()}.`,
        `어떤 변수에도 기울기가 없습니다. 변수 [${vars}]와 손실 사이에 미분할 수 없는 연산이 있거나, 손실이 이 변수들을 쓰지 않습니다.`,
      ));
    }
    return this.apply_gradients(gv, { global_step: o.global_step, name: o.name ?? undefined });
  }

  /**
   * `compute_gradients(loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
   * colocate_gradients_with_ops=False, grad_loss=None)`: `[gradient, variable]` pairs.
   */
  compute_gradients(loss: Tensor | (() => Tensor), var_list?: Variable[] | null | { var_list?: Variable[] | null; gate_gradients?: number; aggregation_method?: unknown; colocate_gradients_with_ops?: boolean; grad_loss?: Tensor | null }, ..._rest: unknown[]): GradAndVar[] {
    let vl: Variable[] | null | undefined;
    let gradLoss: Tensor | null | undefined;
    if (var_list != null && !Array.isArray(var_list) && typeof var_list === "object") {
      checkOptions("compute_gradients", var_list, COMPUTE_KEYS);
      vl = var_list.var_list;
      gradLoss = var_list.grad_loss;
    } else vl = var_list as Variable[] | null | undefined;

    if (!isGraphMode()) {
      if (typeof loss !== "function") {
        throw new InvalidArgumentError(msg(
          "`loss` passed to Optimizer.compute_gradients should be a function when eager execution is enabled. " +
          "Pass a callable: opt.minimize(() => computeLoss()), or build the model after tf.compat.v1.disable_eager_execution().",
          "즉시 실행(eager) 모드에서는 Optimizer.compute_gradients에 넘기는 `loss`가 함수여야 합니다. " +
          "opt.minimize(() => computeLoss())처럼 함수를 넘기거나, tf.compat.v1.disable_eager_execution() 뒤에 모델을 만드세요.",
        ));
      }
      const tape = new GradientTape();
      if (vl) tape.watch(vl);
      const l = tape.record(() => loss());
      checkLossDType(l);
      const vars = vl ?? tape.watched_variables().filter((v) => v.trainable);
      if (!vars.length) throw new InvalidArgumentError(msg("No variables to optimize.", "최적화할 변수가 없습니다."));
      const grads = tape.gradient(l, vars, gradLoss ? { output_gradients: gradLoss } : undefined) as (Tensor | null)[];
      return vars.map((v, i) => [grads[i], v]);
    }
    const l = typeof loss === "function" ? loss() : loss;
    if (!(l instanceof Tensor) || !l._source) {
      throw new InvalidArgumentError(msg(
        `compute_gradients: loss must be a graph tensor here, got ${String(l)}.`,
        `compute_gradients: 여기서는 loss가 그래프 텐서여야 하는데 ${String(l)}입니다.`,
      ));
    }
    checkLossDType(l);
    const vars = vl ?? [
      ...(get_collection(GraphKeys.TRAINABLE_VARIABLES) as Variable[]),
      ...(get_collection(GraphKeys.TRAINABLE_RESOURCE_VARIABLES) as Variable[]),
    ];
    if (!vars.length) throw new InvalidArgumentError(msg("No variables to optimize.", "최적화할 변수가 없습니다. get_variable/Variable로 학습할 변수를 먼저 만드세요."));
    for (const v of vars) {
      if (!(v instanceof Variable)) {
        throw new InvalidArgumentError(msg(`compute_gradients: var_list must contain variables, got ${String(v)}.`, `compute_gradients: var_list에는 변수만 올 수 있는데 ${String(v)}이(가) 있습니다.`));
      }
    }
    const grads = gradients(l, vars, gradLoss ? [gradLoss] : null);
    return vars.map((v, i) => [grads[i], v]);
  }

  /**
   * `apply_gradients(grads_and_vars, global_step=None, name=None)`: the update op (graph mode) or
   * the update applied now (eager mode, returns null). Pairs with a null gradient are skipped.
   */
  apply_gradients(grads_and_vars: Iterable<readonly [Tensor | null, Variable]>, global_step?: Variable | null | { global_step?: Variable | null; name?: string }, name?: string): any {
    let gs: Variable | null | undefined;
    if (global_step != null && !(global_step instanceof Variable) && typeof global_step === "object") {
      checkOptions("apply_gradients", global_step, ["global_step", "name"]);
      gs = global_step.global_step;
      name = global_step.name;
    } else gs = global_step as Variable | null | undefined;
    const pairs = [...grads_and_vars].map((p) => {
      if (!Array.isArray(p) || p.length !== 2) {
        throw new InvalidArgumentError(msg(
          "apply_gradients: grads_and_vars must be a list of [gradient, variable] pairs (what compute_gradients returns).",
          "apply_gradients: grads_and_vars는 [기울기, 변수] 쌍의 배열이어야 합니다 (compute_gradients의 결과).",
        ));
      }
      return [p[0], p[1]] as GradAndVar;
    });
    if (!pairs.length) throw new InvalidArgumentError(msg("No variables provided.", "변수가 없습니다."));
    for (const [g, v] of pairs) {
      if (!(v instanceof Variable)) throw new InvalidArgumentError(msg(`apply_gradients: ${String(v)} is not a variable.`, `apply_gradients: ${String(v)}은(는) 변수가 아닙니다.`));
      if (g !== null && !(g instanceof Tensor)) {
        throw new InvalidArgumentError(msg(`Gradient must be a Tensor, or None: ${String(g)}`, `기울기는 텐서이거나 null이어야 합니다: ${String(g)}`));
      }
    }
    const live = pairs.filter(([g]) => g !== null) as [Tensor, Variable][];
    if (!live.length) {
      throw new InvalidArgumentError(msg(
        `No gradients provided for any variable: [${pairs.map(([, v]) => `"${v.toString()}"`).join(", ")}].`,
        `어떤 변수에도 기울기가 없습니다: [${pairs.map(([, v]) => `"${v.toString()}"`).join(", ")}].`,
      ));
    }
    for (const [g, v] of live) {
      const ok = g.shape.length === v.shape.length && g.shape.every((d, i) => d === null || v.shape[i] === null || d === v.shape[i]);
      if (!ok) {
        throw new InvalidArgumentError(msg(
          `apply_gradients: gradient shape (${g.shape.join(", ")}) does not match variable ${v.name} shape (${v.shape.join(", ")}).`,
          `apply_gradients: 기울기 형태 (${g.shape.join(", ")})가 변수 ${v.name}의 형태 (${v.shape.join(", ")})와 다릅니다.`,
        ));
      }
    }
    const vars = live.map(([, v]) => v);
    if (!isGraphMode()) {
      this._createSlots(vars);
      this._prepare();
      for (const [g, v] of live) this._applyDense(g.dtype === v.dtype ? g : cast(g, v.dtype), v);
      this._finish();
      if (gs) gs.assign_add(toTensor(1, "apply_gradients", gs.dtype));
      return null;
    }
    const g = buildingGraph() as Graph;
    const opName = name ?? this._name;
    return name_scope(opName, () => {
      // Slots are created like variables of their own (named after the variable, not this scope).
      name_scope("", () => this._createSlots(vars));
      this._prepare();
      const updates: (Operation | Tensor)[] = [];
      for (const [grad, v] of live) {
        const gt = grad.dtype === v.dtype ? grad : cast(grad, v.dtype);
        updates.push(...name_scope(`update_${v.op?.name ?? "var"}`, () => this._applyDense(gt, v)));
      }
      updates.push(...this._finish());
      if (gs) {
        const upd = group(updates, "update");
        return g.control_dependencies([upd], () => gs!.assign_add(toTensor(1, "apply_gradients", gs!.dtype), { name: opName + "/", read_value: false })) as Operation;
      }
      return group(updates, opName.endsWith("/") ? opName : `${opName}/`);
    });
  }

  /** `get_slot(var, name)`: the slot variable (e.g. Adam's "m") for `var`, or null. */
  get_slot(v: Variable, name: string): Variable | null {
    return this._slots.get(name)?.get(v) ?? null;
  }
  /** `get_slot_names()`: sorted slot names ("m", "v" for Adam). */
  get_slot_names(): string[] { return [...this._slots.keys()].sort(); }
  /** `variables()`: the optimizer's own variables (non-slot, then slots). */
  variables(): Variable[] {
    const key = (buildingGraph() as object | null) ?? EAGER;
    const out = [...(this._nonSlots.get(key)?.values() ?? [])];
    for (const m of this._slots.values()) out.push(...m.values());
    return out;
  }

  // ---------------------------------------------------------------- for subclasses
  protected abstract _createSlots(vars: Variable[]): void;
  protected abstract _prepare(): void;
  /** Builds (graph) or applies (eager) the update of one variable; returns the update ops in graph mode. */
  protected abstract _applyDense(grad: Tensor, v: Variable): (Operation | Tensor)[];
  /** After all variables: e.g. Adam's beta-power update. */
  protected _finish(): (Operation | Tensor)[] { return []; }

  protected _hyper(value: LearningRate, dtype: DType = float32): Tensor {
    const v = typeof value === "function" ? value() : value;
    const t = toTensor(v as number, "optimizer", dtype);
    return t.dtype === dtype ? t : cast(t, dtype);
  }

  /** A slot variable for `v`, named `<var>/<optimizer name>` (`W/Adam`, then `W/Adam_1`), initialised by `init`. */
  protected _slot(v: Variable, slotName: string, init: (shape: number[], dtype: DType) => Tensor): Variable {
    let m = this._slots.get(slotName);
    if (!m) this._slots.set(slotName, (m = new Map()));
    let s = m.get(v);
    if (s) return s;
    const base = v.op?.name ?? v.name.replace(/:\d+$/, "");
    s = name_scope(`${base}/`, () => new Variable(() => init(v.shape, v.dtype), { name: this._name, trainable: false, dtype: v.dtype }));
    m.set(v, s);
    return s;
  }
  protected _zerosSlot(v: Variable, slotName: string): Variable {
    return this._slot(v, slotName, (shape, dtype) => zeros(shape, dtype));
  }
  /** A non-slot variable (one per optimizer and graph), e.g. `beta1_power`. */
  protected _nonSlot(name: string, initial: number, dtype: DType): Variable {
    const key = (buildingGraph() as object | null) ?? EAGER;
    let m = this._nonSlots.get(key);
    if (!m) this._nonSlots.set(key, (m = new Map()));
    let s = m.get(name);
    if (!s) {
      s = name_scope("", () => new Variable(() => constant(initial, dtype, []), { name, trainable: false, dtype }));
      m.set(name, s);
    }
    return s;
  }
  protected _getNonSlot(name: string): Variable {
    const key = (buildingGraph() as object | null) ?? EAGER;
    return this._nonSlots.get(key)!.get(name)!;
  }

  /** Assigns `value` to `v`: an op in graph mode, done now in eager mode. */
  protected _assign(v: Variable, value: Tensor): (Operation | Tensor)[] {
    if (isGraphMode()) return [v.assign(value, { read_value: false }) as Operation];
    v.assign(value);
    return [];
  }
}
const EAGER = {};

// ---------------------------------------------------------------- subclasses
/** `tf.compat.v1.train.GradientDescentOptimizer(learning_rate, use_locking=False, name="GradientDescent")` */
export class GradientDescentOptimizer extends Optimizer {
  private _lr: LearningRate;
  private _lrT: Tensor | null = null;
  constructor(learning_rate: LearningRate | { learning_rate: LearningRate; use_locking?: boolean; name?: string }, use_locking = false, name = "GradientDescent") {
    const o = argsOf("GradientDescentOptimizer", learning_rate, ["learning_rate", "use_locking", "name"], { use_locking, name });
    super(o.use_locking ?? false, o.name ?? "GradientDescent");
    this._lr = checkLr("GradientDescentOptimizer", o.learning_rate);
  }
  protected _createSlots(): void {}
  protected _prepare(): void { this._lrT = this._hyper(this._lr); }
  protected _applyDense(g: Tensor, v: Variable): (Operation | Tensor)[] {
    const lr = this._lrT!.dtype === v.dtype ? this._lrT! : cast(this._lrT!, v.dtype);
    return this._assign(v, rules.gradientDescent(v.value(), g, lr).v);
  }
}

/** `tf.compat.v1.train.MomentumOptimizer(learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False)` */
export class MomentumOptimizer extends Optimizer {
  private _lr: LearningRate;
  private _mom: LearningRate;
  private _nesterov: boolean;
  private _t: { lr: Tensor; mom: Tensor } | null = null;
  constructor(learning_rate: LearningRate | { learning_rate: LearningRate; momentum: LearningRate; use_locking?: boolean; name?: string; use_nesterov?: boolean }, momentum?: LearningRate, use_locking = false, name = "Momentum", use_nesterov = false) {
    const o = argsOf("MomentumOptimizer", learning_rate, ["learning_rate", "momentum", "use_locking", "name", "use_nesterov"], { momentum, use_locking, name, use_nesterov });
    super(o.use_locking ?? false, o.name ?? "Momentum");
    this._lr = checkLr("MomentumOptimizer", o.learning_rate);
    if (o.momentum == null) {
      throw new TypeError(msg("__init__() missing 1 required positional argument: 'momentum'", "MomentumOptimizer에 필수 인자 'momentum'이 없습니다. 예: new MomentumOptimizer(0.01, 0.9)"));
    }
    this._mom = o.momentum;
    this._nesterov = !!o.use_nesterov;
  }
  protected _createSlots(vars: Variable[]): void { for (const v of vars) this._zerosSlot(v, "momentum"); }
  protected _prepare(): void { this._t = { lr: this._hyper(this._lr), mom: this._hyper(this._mom) }; }
  protected _applyDense(g: Tensor, v: Variable): (Operation | Tensor)[] {
    const acc = this.get_slot(v, "momentum")!;
    const r = rules.momentum(v.value(), acc.value(), g, castTo(this._t!.lr, v.dtype), castTo(this._t!.mom, v.dtype), this._nesterov);
    return [...this._assign(acc, r.accum), ...this._assign(v, r.v)];
  }
}

/**
 * `tf.compat.v1.train.AdamOptimizer(learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name="Adam")`.
 * TF1's rule: lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t); m, v moving averages; var -= lr_t * m / (sqrt(v) + epsilon).
 */
export class AdamOptimizer extends Optimizer {
  private _lr: LearningRate;
  private _b1: LearningRate;
  private _b2: LearningRate;
  private _eps: LearningRate;
  private _t: { lr: Tensor; b1: Tensor; b2: Tensor; eps: Tensor; b1p: Tensor; b2p: Tensor } | null = null;
  constructor(learning_rate: LearningRate | { learning_rate?: LearningRate; beta1?: number; beta2?: number; epsilon?: number; use_locking?: boolean; name?: string } = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, use_locking = false, name = "Adam") {
    const o = argsOf("AdamOptimizer", learning_rate, ["learning_rate", "beta1", "beta2", "epsilon", "use_locking", "name"], { beta1, beta2, epsilon, use_locking, name });
    super(o.use_locking ?? false, o.name ?? "Adam");
    this._lr = checkLr("AdamOptimizer", o.learning_rate ?? 0.001);
    this._b1 = o.beta1 ?? 0.9;
    this._b2 = o.beta2 ?? 0.999;
    this._eps = o.epsilon ?? 1e-8;
  }
  protected _createSlots(vars: Variable[]): void {
    const first = vars.slice().sort((a, b) => a.name.localeCompare(b.name))[0];
    this._nonSlot("beta1_power", numberOf(this._b1), first.dtype);
    this._nonSlot("beta2_power", numberOf(this._b2), first.dtype);
    for (const v of vars) { this._zerosSlot(v, "m"); this._zerosSlot(v, "v"); }
  }
  protected _prepare(): void {
    const b1p = this._getNonSlot("beta1_power"), b2p = this._getNonSlot("beta2_power");
    this._t = {
      lr: this._hyper(this._lr), b1: this._hyper(this._b1), b2: this._hyper(this._b2), eps: this._hyper(this._eps),
      b1p: b1p.value(), b2p: b2p.value(),
    };
  }
  protected _applyDense(g: Tensor, v: Variable): (Operation | Tensor)[] {
    const t = this._t!;
    const d = v.dtype;
    const m = this.get_slot(v, "m")!, s = this.get_slot(v, "v")!;
    const r = rules.adam(v.value(), m.value(), s.value(), g, castTo(t.b1p, d), castTo(t.b2p, d),
      castTo(t.lr, d), castTo(t.b1, d), castTo(t.b2, d), castTo(t.eps, d));
    return [...this._assign(m, r.m), ...this._assign(s, r.s), ...this._assign(v, r.v)];
  }
  protected override _finish(): (Operation | Tensor)[] {
    const t = this._t!;
    const b1p = this._getNonSlot("beta1_power"), b2p = this._getNonSlot("beta2_power");
    const upd1 = runMul(t.b1p, castTo(t.b1, b1p.dtype));
    const upd2 = runMul(t.b2p, castTo(t.b2, b2p.dtype));
    return [...this._assign(b1p, upd1), ...this._assign(b2p, upd2)];
  }
  /** The beta powers (TF's `_get_beta_accumulators`). */
  _get_beta_accumulators(): [Variable, Variable] { return [this._getNonSlot("beta1_power"), this._getNonSlot("beta2_power")]; }
}

/**
 * `tf.compat.v1.train.RMSPropOptimizer(learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False, name="RMSProp")`.
 * The mean-square slot starts at ones (TF1).
 */
export class RMSPropOptimizer extends Optimizer {
  private _lr: LearningRate;
  private _decay: LearningRate;
  private _mom: LearningRate;
  private _eps: LearningRate;
  private _centered: boolean;
  private _t: { lr: Tensor; decay: Tensor; mom: Tensor; eps: Tensor } | null = null;
  constructor(learning_rate: LearningRate | { learning_rate: LearningRate; decay?: number; momentum?: number; epsilon?: number; use_locking?: boolean; centered?: boolean; name?: string }, decay = 0.9, momentum = 0.0, epsilon = 1e-10, use_locking = false, centered = false, name = "RMSProp") {
    const o = argsOf("RMSPropOptimizer", learning_rate, ["learning_rate", "decay", "momentum", "epsilon", "use_locking", "centered", "name"], { decay, momentum, epsilon, use_locking, centered, name });
    super(o.use_locking ?? false, o.name ?? "RMSProp");
    this._lr = checkLr("RMSPropOptimizer", o.learning_rate);
    this._decay = o.decay ?? 0.9;
    this._mom = o.momentum ?? 0.0;
    this._eps = o.epsilon ?? 1e-10;
    this._centered = !!o.centered;
  }
  protected _createSlots(vars: Variable[]): void {
    for (const v of vars) {
      this._slot(v, "rms", (shape, dtype) => constant(1, dtype, shape));
      if (this._centered) this._zerosSlot(v, "mg");
      this._zerosSlot(v, "momentum");
    }
  }
  protected _prepare(): void {
    this._t = { lr: this._hyper(this._lr), decay: this._hyper(this._decay), mom: this._hyper(this._mom), eps: this._hyper(this._eps) };
  }
  protected _applyDense(g: Tensor, v: Variable): (Operation | Tensor)[] {
    const t = this._t!, d = v.dtype;
    const ms = this.get_slot(v, "rms")!, mom = this.get_slot(v, "momentum")!;
    if (this._centered) {
      const mg = this.get_slot(v, "mg")!;
      const r = rules.centeredRmsprop(v.value(), mg.value(), ms.value(), mom.value(), g, castTo(t.lr, d), castTo(t.decay, d), castTo(t.mom, d), castTo(t.eps, d));
      return [...this._assign(mg, r.mg), ...this._assign(ms, r.ms), ...this._assign(mom, r.mom), ...this._assign(v, r.v)];
    }
    const r = rules.rmsprop(v.value(), ms.value(), mom.value(), g, castTo(t.lr, d), castTo(t.decay, d), castTo(t.mom, d), castTo(t.eps, d));
    return [...this._assign(ms, r.ms), ...this._assign(mom, r.mom), ...this._assign(v, r.v)];
  }
}

/** `tf.compat.v1.train.AdagradOptimizer(learning_rate, initial_accumulator_value=0.1, use_locking=False, name="Adagrad")` */
export class AdagradOptimizer extends Optimizer {
  private _lr: LearningRate;
  private _init: number;
  private _lrT: Tensor | null = null;
  constructor(learning_rate: LearningRate | { learning_rate: LearningRate; initial_accumulator_value?: number; use_locking?: boolean; name?: string }, initial_accumulator_value = 0.1, use_locking = false, name = "Adagrad") {
    const o = argsOf("AdagradOptimizer", learning_rate, ["learning_rate", "initial_accumulator_value", "use_locking", "name"], { initial_accumulator_value, use_locking, name });
    super(o.use_locking ?? false, o.name ?? "Adagrad");
    this._lr = checkLr("AdagradOptimizer", o.learning_rate);
    this._init = o.initial_accumulator_value ?? 0.1;
    if (!(this._init > 0)) {
      throw new InvalidArgumentError(msg(
        `initial_accumulator_value must be positive: ${this._init}`,
        `initial_accumulator_value는 양수여야 합니다: ${this._init}`,
      ));
    }
  }
  protected _createSlots(vars: Variable[]): void {
    for (const v of vars) this._slot(v, "accumulator", (shape, dtype) => constant(this._init, dtype, shape));
  }
  protected _prepare(): void { this._lrT = this._hyper(this._lr); }
  protected _applyDense(g: Tensor, v: Variable): (Operation | Tensor)[] {
    const acc = this.get_slot(v, "accumulator")!;
    const r = rules.adagrad(v.value(), acc.value(), g, castTo(this._lrT!, v.dtype));
    return [...this._assign(acc, r.accum), ...this._assign(v, r.v)];
  }
}

/** `tf.compat.v1.train.AdadeltaOptimizer(learning_rate=0.001, rho=0.95, epsilon=1e-08, use_locking=False, name="Adadelta")` */
export class AdadeltaOptimizer extends Optimizer {
  private _lr: LearningRate;
  private _rho: LearningRate;
  private _eps: LearningRate;
  private _t: { lr: Tensor; rho: Tensor; eps: Tensor } | null = null;
  constructor(learning_rate: LearningRate | { learning_rate?: LearningRate; rho?: number; epsilon?: number; use_locking?: boolean; name?: string } = 0.001, rho = 0.95, epsilon = 1e-8, use_locking = false, name = "Adadelta") {
    const o = argsOf("AdadeltaOptimizer", learning_rate, ["learning_rate", "rho", "epsilon", "use_locking", "name"], { rho, epsilon, use_locking, name });
    super(o.use_locking ?? false, o.name ?? "Adadelta");
    this._lr = checkLr("AdadeltaOptimizer", o.learning_rate ?? 0.001);
    this._rho = o.rho ?? 0.95;
    this._eps = o.epsilon ?? 1e-8;
  }
  protected _createSlots(vars: Variable[]): void {
    for (const v of vars) { this._zerosSlot(v, "accum"); this._zerosSlot(v, "accum_update"); }
  }
  protected _prepare(): void { this._t = { lr: this._hyper(this._lr), rho: this._hyper(this._rho), eps: this._hyper(this._eps) }; }
  protected _applyDense(g: Tensor, v: Variable): (Operation | Tensor)[] {
    const t = this._t!, d = v.dtype;
    const a = this.get_slot(v, "accum")!, au = this.get_slot(v, "accum_update")!;
    const r = rules.adadelta(v.value(), a.value(), au.value(), g, castTo(t.lr, d), castTo(t.rho, d), castTo(t.eps, d));
    return [...this._assign(a, r.accum), ...this._assign(au, r.accumUpdate), ...this._assign(v, r.v)];
  }
}

// ---------------------------------------------------------------- helpers
function castTo(t: Tensor, d: DType): Tensor { return t.dtype === d ? t : cast(t, d); }
function runMul(a: Tensor, b: Tensor): Tensor { return multiply(a, b); }
function numberOf(x: LearningRate): number {
  const v = typeof x === "function" ? x() : x;
  return v instanceof Tensor ? Number(v.numpy().item()) : v;
}
function checkLr(fn: string, lr: unknown): LearningRate {
  if (lr === undefined || lr === null) {
    throw new TypeError(msg(
      `${fn}: __init__() missing 1 required positional argument: 'learning_rate'.`,
      `${fn}: 필수 인자 'learning_rate'가 없습니다. 예: new tf.compat.v1.train.${fn}(0.01)`,
    ));
  }
  if (typeof lr !== "number" && typeof lr !== "function" && !(lr instanceof Tensor)) {
    throw new InvalidArgumentError(msg(`${fn}: learning_rate must be a number, a tensor or a callable, got ${String(lr)}.`, `${fn}: learning_rate는 숫자, 텐서, 함수여야 하는데 ${String(lr)}입니다.`));
  }
  return lr as LearningRate;
}
/** Constructor arguments: positional in TF's order, or one options object first. */
function argsOf(fn: string, first: unknown, names: readonly string[], rest: Record<string, unknown>): Record<string, any> {
  if (first !== null && typeof first === "object" && !(first instanceof Tensor) && Object.getPrototypeOf(first) === Object.prototype) {
    checkOptions(fn, first as object, names);
    return { ...(first as object) };
  }
  return { [names[0]]: first, ...rest };
}
void ctx;
