/**
 * `tf.keras.optimizers`: Keras 2's optimizers (the TF 2.11+ implementations, same update rules as
 * the legacy ones, defaults such as Adam's epsilon=1e-7) with learning-rate schedules, gradient
 * clipping (clipnorm, clipvalue, global_clipnorm) and decoupled weight decay.
 *
 * `apply_gradients(zip(grads, vars))` takes an array of [grad, var] pairs (what Python's `zip`
 * gives); `tf.keras.optimizers.zip`-free JS code can write `grads.map((g, i) => [g, vars[i]])`.
 * Updates are written with ops, so they run on any backend and inside tf.function.
 */
import { Tensor } from "../../core/tensor/tensor";
import { int64, float32 } from "../../core/tensor/dtypes";
import { toTensor, TensorLike } from "../../core/ops/convert";
import * as m from "../../core/ops/math";
import { reduce_sum } from "../../core/ops/reduce";
import { zeros_like, fill } from "../../core/ops/creation";
import { Variable } from "../../core/variable";
import { GradientTape } from "../../core/autodiff/tape";
import { buildingGraph, outsideGraphs } from "../../core/engine/engine";
import { InvalidArgumentError, msg, checkOptions, nearest } from "../../core/errors";
import { classNameOf } from "../utils/callable";
import { applyAdam, applyKerasMomentum, applyGradientDescent } from "../../core/ops/training";
import { LearningRateSchedule, scheduleAt, serialize as serializeSchedule, deserialize as deserializeSchedule } from "./schedules";

export type GradsAndVars = Iterable<[Tensor | null | undefined, Variable]>;

export interface OptimizerArgs {
  name?: string;
  learning_rate?: number | LearningRateSchedule;
  weight_decay?: number | null;
  clipnorm?: number | null;
  clipvalue?: number | null;
  global_clipnorm?: number | null;
  use_ema?: boolean;
  ema_momentum?: number;
  ema_overwrite_frequency?: number | null;
  jit_compile?: boolean;
  /** Keras 1/2 legacy alias of learning_rate. */
  lr?: number;
  decay?: number;
}
const BASE_KEYS = ["name", "learning_rate", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema", "ema_momentum", "ema_overwrite_frequency", "jit_compile", "lr", "decay", "is_legacy_optimizer"];

/** Parses (positional Keras order | one options object) into options. */
export function optimizerArgs<T extends object>(className: string, args: unknown[], positional: string[], extraKeys: string[] = []): T {
  if (args.length === 1 && typeof args[0] === "object" && args[0] !== null && !(args[0] instanceof LearningRateSchedule)) {
    checkOptions(className, args[0] as object, [...positional, ...BASE_KEYS, ...extraKeys]);
    return { ...(args[0] as object) } as T;
  }
  const o: Record<string, unknown> = {};
  let rest = args;
  const last = args[args.length - 1];
  if (args.length > 1 && typeof last === "object" && last !== null && !(last instanceof LearningRateSchedule)) {
    checkOptions(className, last, [...positional, ...BASE_KEYS, ...extraKeys]);
    Object.assign(o, last);
    rest = args.slice(0, -1);
  }
  positional.forEach((n, i) => { if (rest[i] !== undefined) o[n] = rest[i]; });
  return o as T;
}

export abstract class Optimizer {
  static className = "Optimizer";
  name: string;
  iterations: Variable;
  clipnorm: number | null;
  clipvalue: number | null;
  global_clipnorm: number | null;
  weight_decay: number | null;
  /** Legacy per-step decay of the learning rate (lr / (1 + decay * iterations)). */
  decay: number;
  protected _lr: number | LearningRateSchedule;
  protected _slots = new Map<Variable, Record<string, Variable>>();
  protected _varList: Variable[] = [];
  private _excludedFromDecay = new Set<Variable>();
  _built = false;

  constructor(o: OptimizerArgs, defaultName: string, defaultLr: number) {
    this.name = o.name ?? defaultName;
    const lr = o.learning_rate ?? o.lr ?? defaultLr;
    this._lr = checkLr(lr);
    this.clipnorm = o.clipnorm ?? null;
    this.clipvalue = o.clipvalue ?? null;
    this.global_clipnorm = o.global_clipnorm ?? null;
    this.weight_decay = o.weight_decay ?? null;
    this.decay = o.decay ?? 0;
    if (this.clipnorm != null && this.global_clipnorm != null) {
      throw new InvalidArgumentError(msg(
        `At most one of clipnorm and global_clipnorm can be set. Received: clipnorm=${this.clipnorm}, global_clipnorm=${this.global_clipnorm}.`,
        `clipnorm과 global_clipnorm은 둘 중 하나만 쓸 수 있습니다 (clipnorm=${this.clipnorm}, global_clipnorm=${this.global_clipnorm}).`,
      ));
    }
    this.iterations = new Variable(toTensor(0, "iterations", int64), { name: "iteration", trainable: false, dtype: int64 });
  }

  /** `optimizer.learning_rate`: a number, or the schedule it was given. */
  get learning_rate(): number | LearningRateSchedule { return this._lr; }
  set learning_rate(v: number | LearningRateSchedule) { this._lr = checkLr(v); }
  /** Deprecated alias `optimizer.lr`. */
  get lr(): number | LearningRateSchedule { return this._lr; }
  set lr(v: number | LearningRateSchedule) { this.learning_rate = v; }

  /**
   * While apply_gradients builds a graph (tf.function): `iterations` read in that graph, as float32.
   * Step-dependent terms (bias corrections, decay) are then ops on it, so every call of the traced
   * function sees the current step instead of the one at trace time. Null when eager.
   */
  protected _graphStep: Tensor | null = null;
  /** The number of updates applied so far (eager; in a graph use `_stepTensor`). */
  get _step(): number { return Number(this.iterations.dataSync()[0]); }
  /** The step count `iterations + offset` as a float tensor like `like` (graph mode). */
  protected _stepTensor(like: Tensor, offset = 0): Tensor {
    const s = m.cast(this._graphStep!, like.dtype);
    return offset ? m.add(s, m.scalarLike(offset, s)) : s;
  }
  /** `base ** (iterations + offset)`: a number eagerly, a tensor like `like` in a graph. */
  protected _powStep(base: number, like: Tensor, offset = 1): number | Tensor {
    if (!this._graphStep) return Math.pow(base, this._step + offset);
    return m.pow(m.scalarLike(base, like), this._stepTensor(like, offset));
  }
  /** The learning rate this step uses: a number, or a float32 scalar tensor in a graph with decay. */
  _currentLr(): number | Tensor {
    if (this._graphStep) {
      let lr: number | Tensor = this._lr instanceof LearningRateSchedule ? scheduleAt(this._lr, this._graphStep) : this._lr;
      if (this.decay) lr = m.divide(k(lr, this._graphStep), m.add(m.scalarLike(1, this._graphStep), m.multiply(m.scalarLike(this.decay, this._graphStep), this._graphStep)));
      return lr;
    }
    const step = this._step;
    let lr = this._lr instanceof LearningRateSchedule ? this._lr._at(step) : this._lr;
    if (this.decay) lr = lr / (1 + this.decay * step);
    return lr;
  }

  /** Creates the slot variables for `var_list` (Keras's `build`). */
  build(var_list: Variable[]): void {
    // Slots are made eagerly even when first needed while tracing a tf.function (TF's init_scope).
    if (buildingGraph()) { init_scope(() => this.build(var_list)); return; }
    for (const v of var_list) if (!this._varList.includes(v)) { this._varList.push(v); this._slots.set(v, {}); this._createSlots(v); }
    this._built = true;
  }
  protected _createSlots(_v: Variable): void { /* per optimizer */ }
  /** Keras's `add_variable_from_reference(model_variable, variable_name, initial_value=None)`. */
  add_variable_from_reference(v: Variable, variable_name: string, initial_value?: TensorLike | null): Variable {
    const init = initial_value == null ? zeros_like(v._asTensor()) : toTensor(initial_value, "add_variable_from_reference", v.dtype);
    const base = v.name.replace(/:\d+$/, "");
    const slot = new Variable(init, { name: `${variable_name}/${base}`, trainable: false, dtype: v.dtype });
    this._slots.get(v)![variable_name] = slot;
    return slot;
  }
  protected slot(v: Variable, name: string): Variable { return this._slots.get(v)![name]; }
  /** `optimizer.variables()`: iterations and every slot variable. */
  variables(): Variable[] {
    const out = [this.iterations];
    for (const v of this._varList) out.push(...Object.values(this._slots.get(v)!));
    return out;
  }
  get_slot_names(): string[] { return this._varList.length ? Object.keys(this._slots.get(this._varList[0])!) : []; }
  get_slot(v: Variable, name: string): Variable { return this.slot(v, name); }
  /** Keras's exclude_from_weight_decay(var_list=None, var_names=None). */
  exclude_from_weight_decay(var_list: Variable[] = [], var_names: string[] = []): void {
    for (const v of var_list) this._excludedFromDecay.add(v);
    for (const v of this._varList) if (var_names.some((n) => v.name.includes(n))) this._excludedFromDecay.add(v);
  }

  /** Applies one update to one variable. */
  abstract update_step(gradient: Tensor, variable: Variable, lr: number | Tensor): void;

  /**
   * `apply_gradients(grads_and_vars, name=None, skip_gradients_aggregation=False)`:
   * an array (or iterable) of [gradient, variable] pairs. Pairs with a null gradient are skipped
   * (Keras warns and skips them too). Returns `iterations`.
   */
  apply_gradients(grads_and_vars: GradsAndVars | { grads_and_vars: GradsAndVars; name?: string; skip_gradients_aggregation?: boolean }, _name?: string): Variable {
    let gv: GradsAndVars;
    if (grads_and_vars && typeof grads_and_vars === "object" && !Array.isArray(grads_and_vars) && "grads_and_vars" in grads_and_vars) {
      checkOptions("apply_gradients", grads_and_vars, ["grads_and_vars", "name", "skip_gradients_aggregation", "experimental_aggregate_gradients"]);
      gv = grads_and_vars.grads_and_vars;
    } else gv = grads_and_vars as GradsAndVars;
    const pairs: [Tensor, Variable][] = [];
    let i = 0;
    for (const pair of gv) {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new InvalidArgumentError(msg(
          `apply_gradients: item ${i} is not a [gradient, variable] pair. Pass grads.map((g, i) => [g, vars[i]]) (Python's zip(grads, vars)).`,
          `apply_gradients: ${i}번째 항목이 [기울기, 변수] 쌍이 아닙니다. grads.map((g, i) => [g, vars[i]])처럼 넘기세요 (파이썬의 zip(grads, vars)).`,
        ));
      }
      const [g, v] = pair;
      if (!(v instanceof Variable)) {
        throw new InvalidArgumentError(msg(
          `apply_gradients: the second element of pair ${i} must be a tf.Variable, got ${String(v)}.`,
          `apply_gradients: ${i}번째 쌍의 두 번째 원소는 tf.Variable이어야 하는데 ${String(v)}입니다.`,
        ));
      }
      i++;
      if (g == null) continue;
      const gt = g instanceof Tensor ? g : toTensor(g as TensorLike, "apply_gradients", v.dtype);
      if (gt.shape.length !== v.shape.length || gt.shape.some((d, k) => d !== v.shape[k])) {
        throw new InvalidArgumentError(msg(
          `apply_gradients: gradient shape ${JSON.stringify(gt.shape)} does not match variable ${v.name} shape ${JSON.stringify(v.shape)}.`,
          `apply_gradients: 기울기 형태 ${JSON.stringify(gt.shape)}가 변수 ${v.name}의 형태 ${JSON.stringify(v.shape)}와 다릅니다.`,
        ));
      }
      pairs.push([gt, v]);
    }
    if (i > 0 && pairs.length === 0) {
      throw new InvalidArgumentError(msg(
        `No gradients provided for any variable: (${[...gv].map(([, v]) => `'${v.name}'`).join(", ")}). Check that the loss was computed inside tape.record(...) from these variables.`,
        `어떤 변수에도 기울기가 없습니다: (${[...gv].map(([, v]) => `'${v.name}'`).join(", ")}). 손실을 tape.record(...) 안에서 이 변수들로 계산했는지 확인하세요.`,
      ));
    }
    // Plain loops below: this runs once a training step (see tape.gradient).
    const fresh: Variable[] = [], gs: Tensor[] = [];
    for (let j = 0; j < pairs.length; j++) { const v = pairs[j][1]; gs.push(pairs[j][0]); if (!this._slots.has(v)) fresh.push(v); }
    this.build(fresh);
    const grads = this._clip(gs);
    const inGraph = buildingGraph() !== null;
    this._graphStep = inGraph ? m.cast(this.iterations._asTensor(), float32) : null;
    try {
      const lr = this._currentLr();
      for (let j = 0; j < pairs.length; j++) {
        const v = pairs[j][1];
        if (this.weight_decay && !this._excludedFromDecay.has(v)) v.assign_sub(m.multiply(v._asTensor(), k(lr, grads[j], this.weight_decay)));
        this.update_step(grads[j], v, lr);
      }
    } finally { this._graphStep = null; }
    if (inGraph) this.iterations.assign_add(toTensor(1, "iterations", int64));
    else this.iterations.assign(toTensor(this._step + 1, "iterations", int64));
    return this.iterations;
  }

  /** `minimize(loss, var_list, tape=None)`: loss is a zero-argument function returning the loss. */
  minimize(loss: (() => Tensor) | Tensor, var_list: Variable[] | (() => Variable[]), tape?: { gradient: (t: Tensor, s: Variable[]) => (Tensor | null)[] }): Variable {
    const vars = typeof var_list === "function" ? var_list() : var_list;
    let grads: (Tensor | null)[];
    if (typeof loss === "function") {
      const t = new GradientTape();
      const value = t.record(() => loss());
      grads = t.gradient(value, vars);
    } else {
      if (!tape) {
        throw new InvalidArgumentError(msg(
          "minimize: when loss is a tensor, pass the GradientTape that recorded it (minimize(loss, var_list, tape)), or pass loss as a function.",
          "minimize: loss가 텐서이면 그것을 기록한 GradientTape를 함께 주거나 (minimize(loss, var_list, tape)), loss를 함수로 주세요.",
        ));
      }
      grads = tape.gradient(loss, vars);
    }
    return this.apply_gradients(grads.map((g, i) => [g, vars[i]] as [Tensor | null, Variable]));
  }

  private _clip(grads: Tensor[]): Tensor[] {
    let gs = grads;
    if (this.clipvalue != null) gs = gs.map((g) => m.clip_by_value(g, -this.clipvalue!, this.clipvalue!));
    if (this.clipnorm != null) {
      gs = gs.map((g) => {
        const n = Math.sqrt(Number(reduce_sum(m.square(g)).dataSync()[0]));
        return n > this.clipnorm! ? m.multiply(g, m.scalarLike(this.clipnorm! / n, g)) : g;
      });
    }
    if (this.global_clipnorm != null) {
      let ss = 0;
      for (const g of gs) ss += Number(reduce_sum(m.square(g)).dataSync()[0]);
      const n = Math.sqrt(ss);
      if (n > this.global_clipnorm) gs = gs.map((g) => m.multiply(g, m.scalarLike(this.global_clipnorm! / n, g)));
    }
    return gs;
  }

  get_config(): Record<string, unknown> {
    return {
      name: this.name,
      weight_decay: this.weight_decay,
      clipnorm: this.clipnorm,
      global_clipnorm: this.global_clipnorm,
      clipvalue: this.clipvalue,
      use_ema: false,
      ema_momentum: 0.99,
      ema_overwrite_frequency: null,
      jit_compile: false,
      is_legacy_optimizer: false,
      learning_rate: this._lr instanceof LearningRateSchedule ? serializeSchedule(this._lr) : this._lr,
    };
  }
  static from_config<T extends Optimizer>(this: new (config: any) => T, config: Record<string, unknown>): T {
    const c = { ...config };
    if (c.learning_rate && typeof c.learning_rate === "object") c.learning_rate = deserializeSchedule(c.learning_rate as { class_name: string });
    for (const k of ["use_ema", "ema_momentum", "ema_overwrite_frequency", "jit_compile", "is_legacy_optimizer"]) delete c[k];
    return new this(c);
  }
  toString(): string { return `<keras.optimizers.${classNameOf(this)} name=${this.name}>`; }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

function checkLr(v: unknown): number | LearningRateSchedule {
  if (v instanceof LearningRateSchedule) return v;
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return v;
  if (v instanceof Tensor || v instanceof Variable) return Number((v as Tensor).dataSync()[0]);
  throw new InvalidArgumentError(msg(
    `learning_rate must be a non-negative number or a LearningRateSchedule, got ${String(v)}.`,
    `learning_rate는 0 이상의 수 또는 LearningRateSchedule이어야 하는데 ${String(v)}입니다.`,
  ));
}

// ---------------------------------------------------------------- helpers for update rules
/** A hyperparameter (number, or a scalar tensor in a graph) times `scale`, as a scalar like `like`. */
const k = (v: number | Tensor, like: Tensor, scale = 1): Tensor => {
  if (typeof v === "number") return m.scalarLike(v * scale, like);
  const t = v.dtype === like.dtype ? v : m.cast(v, like.dtype);
  return scale === 1 ? t : m.multiply(t, m.scalarLike(scale, t));
};

/**
 * TF's `init_scope`: runs `fn` eagerly even while a graph is being built (tf.function tracing),
 * e.g. to create optimizer slot variables the first time a traced step needs them.
 */
export function init_scope<T>(fn: () => T): T { return outsideGraphs(fn); }
const val = (v: Variable) => v._asTensor();

/**
 * Runs a fused update op on `vars` (the variable, then its slots). Eagerly the op reads their
 * storage directly and, where every one is `_writableInPlace`, overwrites it (no new arrays per
 * step); otherwise its fresh results become the storage. In a graph: reads and assign ops.
 */
function fused(vars: Variable[], run: (inputs: Tensor[], inplace: boolean) => Tensor[]): void {
  if (buildingGraph()) {
    const outs = run(vars.map(val), false);
    for (let i = 1; i <= vars.length; i++) vars[i % vars.length].assign(outs[i % vars.length]); // slots, then the variable
    return;
  }
  const inplace = vars.every((v) => v._writableInPlace());
  const ins = vars.map((v) => v._eagerValue("ReadVariableOp"));
  const outs = run(ins, inplace);
  for (let i = 0; i < vars.length; i++) {
    if (outs[i]._handle === ins[i]._handle) outs[i].dispose();
    else vars[i]._assignOwned(outs[i]);
  }
}

// ---------------------------------------------------------------- the optimizers
/** `SGD(learning_rate=0.01, momentum=0.0, nesterov=False, ...)` */
export class SGD extends Optimizer {
  static override className = "SGD";
  momentum: number; nesterov: boolean;
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & { momentum?: number; nesterov?: boolean }>("SGD", args, ["learning_rate", "momentum", "nesterov"]);
    super(o, "SGD", 0.01);
    this.momentum = o.momentum ?? 0; this.nesterov = !!o.nesterov;
    if (this.momentum < 0 || this.momentum > 1) throw new InvalidArgumentError(msg(`SGD: momentum must be between [0, 1], got ${this.momentum}.`, `SGD: momentum은 [0, 1] 범위여야 하는데 ${this.momentum}입니다.`));
  }
  protected override _createSlots(v: Variable): void { if (this.momentum) this.add_variable_from_reference(v, "m"); }
  update_step(g: Tensor, v: Variable, lr: number | Tensor): void {
    if (!this.momentum) { fused([v], ([x], inplace) => [applyGradientDescent(x, lr, g, inplace)]); return; }
    fused([v, this.slot(v, "m")], ([x, mo], inplace) => applyKerasMomentum(x, mo, lr, g, this.momentum, this.nesterov, inplace));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), momentum: this.momentum, nesterov: this.nesterov }; }
}

/** `Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, ...)` */
export class Adam extends Optimizer {
  static override className = "Adam";
  beta_1: number; beta_2: number; epsilon: number; amsgrad: boolean;
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & { beta_1?: number; beta_2?: number; epsilon?: number; amsgrad?: boolean }>("Adam", args, ["learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad"]);
    super(o, "Adam", 0.001);
    this.beta_1 = o.beta_1 ?? 0.9; this.beta_2 = o.beta_2 ?? 0.999; this.epsilon = o.epsilon ?? 1e-7; this.amsgrad = !!o.amsgrad;
  }
  protected override _createSlots(v: Variable): void {
    this.add_variable_from_reference(v, "m");
    this.add_variable_from_reference(v, "v");
    if (this.amsgrad) this.add_variable_from_reference(v, "vhat");
  }
  update_step(g: Tensor, v: Variable, lr: number | Tensor): void {
    const b1p = this._powStep(this.beta_1, g), b2p = this._powStep(this.beta_2, g);
    const mv = this.slot(v, "m"), vv = this.slot(v, "v");
    if (!this.amsgrad) {
      fused([v, mv, vv], (ins, inplace) => applyAdam(ins[0], ins[1], ins[2], b1p, b2p, lr, this.beta_1, this.beta_2, this.epsilon, g, inplace));
      return;
    }
    const alpha = typeof b1p === "number" && typeof b2p === "number" && typeof lr === "number"
      ? lr * Math.sqrt(1 - b2p) / (1 - b1p)
      : m.divide(m.multiply(k(lr, g), m.sqrt(m.subtract(k(1, g), k(b2p, g)))), m.subtract(k(1, g), k(b1p, g)));
    const newM = m.add(val(mv), m.multiply(m.subtract(g, val(mv)), k(1 - this.beta_1, g)));
    const newV = m.add(val(vv), m.multiply(m.subtract(m.square(g), val(vv)), k(1 - this.beta_2, g)));
    mv.assign(newM);
    vv.assign(newV);
    let denomV = newV;
    if (this.amsgrad) {
      const vh = this.slot(v, "vhat");
      denomV = m.maximum(val(vh), newV);
      vh.assign(denomV);
    }
    v.assign_sub(m.divide(m.multiply(newM, k(alpha, g)), m.add(m.sqrt(denomV), k(this.epsilon, g))));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), beta_1: this.beta_1, beta_2: this.beta_2, epsilon: this.epsilon, amsgrad: this.amsgrad }; }
}

/** `AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, ...)` */
export class AdamW extends Adam {
  static override className = "AdamW";
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & Record<string, unknown>>("AdamW", args, ["learning_rate", "weight_decay", "beta_1", "beta_2", "epsilon", "amsgrad"]);
    super({ ...o, weight_decay: o.weight_decay ?? 0.004, name: o.name ?? "AdamW" });
    if (this.weight_decay == null) {
      throw new InvalidArgumentError(msg("AdamW: weight_decay must not be None.", "AdamW: weight_decay는 None일 수 없습니다."));
    }
  }
}

/** `RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False, ...)` */
export class RMSprop extends Optimizer {
  static override className = "RMSprop";
  rho: number; momentum: number; epsilon: number; centered: boolean;
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & { rho?: number; momentum?: number; epsilon?: number; centered?: boolean }>("RMSprop", args, ["learning_rate", "rho", "momentum", "epsilon", "centered"]);
    super(o, "RMSprop", 0.001);
    this.rho = o.rho ?? 0.9; this.momentum = o.momentum ?? 0; this.epsilon = o.epsilon ?? 1e-7; this.centered = !!o.centered;
  }
  protected override _createSlots(v: Variable): void {
    this.add_variable_from_reference(v, "velocity");
    if (this.momentum > 0) this.add_variable_from_reference(v, "momentum");
    if (this.centered) this.add_variable_from_reference(v, "average_gradient");
  }
  update_step(g: Tensor, v: Variable, lr: number | Tensor): void {
    const vel = this.slot(v, "velocity");
    const newVel = m.add(m.multiply(val(vel), k(this.rho, g)), m.multiply(m.square(g), k(1 - this.rho, g)));
    vel.assign(newVel);
    let denom: Tensor;
    if (this.centered) {
      const ag = this.slot(v, "average_gradient");
      const newAg = m.add(m.multiply(val(ag), k(this.rho, g)), m.multiply(g, k(1 - this.rho, g)));
      ag.assign(newAg);
      denom = m.add(m.subtract(newVel, m.square(newAg)), k(this.epsilon, g));
    } else denom = m.add(newVel, k(this.epsilon, g));
    const inc = m.multiply(m.multiply(g, k(lr, g)), m.rsqrt(denom));
    if (this.momentum > 0) {
      const mo = this.slot(v, "momentum");
      const newMo = m.add(m.multiply(val(mo), k(this.momentum, g)), inc);
      mo.assign(newMo);
      v.assign_sub(newMo);
    } else v.assign_sub(inc);
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered }; }
}

/** `Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07, ...)` */
export class Adagrad extends Optimizer {
  static override className = "Adagrad";
  initial_accumulator_value: number; epsilon: number;
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & { initial_accumulator_value?: number; epsilon?: number }>("Adagrad", args, ["learning_rate", "initial_accumulator_value", "epsilon"]);
    super(o, "Adagrad", 0.001);
    this.initial_accumulator_value = o.initial_accumulator_value ?? 0.1; this.epsilon = o.epsilon ?? 1e-7;
  }
  protected override _createSlots(v: Variable): void {
    this.add_variable_from_reference(v, "accumulator", fill(v.shape, toTensor(this.initial_accumulator_value, "Adagrad", v.dtype)));
  }
  update_step(g: Tensor, v: Variable, lr: number | Tensor): void {
    const acc = this.slot(v, "accumulator");
    const newAcc = m.add(val(acc), m.square(g));
    acc.assign(newAcc);
    v.assign_sub(m.divide(m.multiply(g, k(lr, g)), m.sqrt(m.add(newAcc, k(this.epsilon, g)))));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), initial_accumulator_value: this.initial_accumulator_value, epsilon: this.epsilon }; }
}

/** `Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-07, ...)` */
export class Adadelta extends Optimizer {
  static override className = "Adadelta";
  rho: number; epsilon: number;
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & { rho?: number; epsilon?: number }>("Adadelta", args, ["learning_rate", "rho", "epsilon"]);
    super(o, "Adadelta", 0.001);
    this.rho = o.rho ?? 0.95; this.epsilon = o.epsilon ?? 1e-7;
  }
  protected override _createSlots(v: Variable): void {
    this.add_variable_from_reference(v, "accumulated_grad");
    this.add_variable_from_reference(v, "accumulated_delta_var");
  }
  update_step(g: Tensor, v: Variable, lr: number | Tensor): void {
    const ag = this.slot(v, "accumulated_grad"), ad = this.slot(v, "accumulated_delta_var");
    const rms = (x: Tensor) => m.sqrt(m.add(x, k(this.epsilon, g)));
    const newAg = m.add(m.multiply(val(ag), k(this.rho, g)), m.multiply(m.square(g), k(1 - this.rho, g)));
    ag.assign(newAg);
    const delta = m.negative(m.divide(m.multiply(rms(val(ad)), g), rms(newAg)));
    ad.assign(m.add(m.multiply(val(ad), k(this.rho, g)), m.multiply(m.square(delta), k(1 - this.rho, g))));
    v.assign_add(m.multiply(delta, k(lr, g)));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), rho: this.rho, epsilon: this.epsilon }; }
}

/** `Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, ...)` */
export class Adamax extends Optimizer {
  static override className = "Adamax";
  beta_1: number; beta_2: number; epsilon: number;
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & { beta_1?: number; beta_2?: number; epsilon?: number }>("Adamax", args, ["learning_rate", "beta_1", "beta_2", "epsilon"]);
    super(o, "Adamax", 0.001);
    this.beta_1 = o.beta_1 ?? 0.9; this.beta_2 = o.beta_2 ?? 0.999; this.epsilon = o.epsilon ?? 1e-7;
  }
  protected override _createSlots(v: Variable): void { this.add_variable_from_reference(v, "m"); this.add_variable_from_reference(v, "u"); }
  update_step(g: Tensor, v: Variable, lr: number | Tensor): void {
    const b1p = this._powStep(this.beta_1, g);
    const mv = this.slot(v, "m"), u = this.slot(v, "u");
    const newM = m.add(val(mv), m.multiply(m.subtract(g, val(mv)), k(1 - this.beta_1, g)));
    const newU = m.maximum(m.multiply(val(u), k(this.beta_2, g)), m.abs(g));
    mv.assign(newM); u.assign(newU);
    v.assign_sub(m.divide(m.multiply(newM, k(lr, g)), m.multiply(m.add(newU, k(this.epsilon, g)), (typeof b1p === "number" ? k(1 - b1p, g) : m.subtract(k(1, g), b1p)))));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), beta_1: this.beta_1, beta_2: this.beta_2, epsilon: this.epsilon }; }
}

/** `Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, ...)` */
export class Nadam extends Optimizer {
  static override className = "Nadam";
  beta_1: number; beta_2: number; epsilon: number;
  private _uProduct = 1;
  private _uProductStep = -1;
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & { beta_1?: number; beta_2?: number; epsilon?: number }>("Nadam", args, ["learning_rate", "beta_1", "beta_2", "epsilon"]);
    super(o, "Nadam", 0.001);
    this.beta_1 = o.beta_1 ?? 0.9; this.beta_2 = o.beta_2 ?? 0.999; this.epsilon = o.epsilon ?? 1e-7;
  }
  protected override _createSlots(v: Variable): void { this.add_variable_from_reference(v, "m"); this.add_variable_from_reference(v, "v"); }
  /** The running product as a variable, made when a traced step first needs it (then shared with eager steps). */
  private _uVar: Variable | null = null;
  private _uGraphKey: Tensor | null = null;
  private _uGraphProd: Tensor | null = null;
  private _graphUpdate(g: Tensor, v: Variable, lr: number | Tensor): void {
    if (!this._uVar) this._uVar = init_scope(() => new Variable(toTensor(this._uProduct, "Nadam", float32), { name: "u_product", trainable: false, dtype: float32 }));
    const u = (offset: number) => m.multiply(k(this.beta_1, g), m.subtract(k(1, g), m.multiply(k(0.5, g), m.pow(k(0.96, g), this._stepTensor(g, offset)))));
    const uT = u(1), uT1 = u(2);
    if (this._uGraphKey !== this._graphStep) {
      // Once per traced apply_gradients: u_product *= u_t, shared by all variables of the step.
      this._uGraphProd = m.multiply(m.cast(this._uVar._asTensor(), g.dtype), uT);
      this._uVar.assign(m.cast(this._uGraphProd, float32));
      this._uGraphKey = this._graphStep;
    }
    const uProductT = this._uGraphProd!;
    const uProductT1 = m.multiply(uProductT, uT1);
    const one = k(1, g);
    const mv = this.slot(v, "m"), vv = this.slot(v, "v");
    const newM = m.add(val(mv), m.multiply(m.subtract(g, val(mv)), k(1 - this.beta_1, g)));
    const newV = m.add(val(vv), m.multiply(m.subtract(m.square(g), val(vv)), k(1 - this.beta_2, g)));
    mv.assign(newM); vv.assign(newV);
    const mHat = m.add(m.multiply(newM, m.divide(uT1, m.subtract(one, uProductT1))), m.multiply(g, m.divide(m.subtract(one, uT), m.subtract(one, uProductT))));
    const vHat = m.divide(newV, m.subtract(one, k(this._powStep(this.beta_2, g), g)));
    v.assign_sub(m.divide(m.multiply(mHat, k(lr, g)), m.add(m.sqrt(vHat), k(this.epsilon, g))));
  }
  update_step(g: Tensor, v: Variable, lr: number | Tensor): void {
    if (this._graphStep) { this._graphUpdate(g, v, lr); return; }
    const step = this._step;
    const t = step + 1, next = step + 2, decay = 0.96;
    const uT = this.beta_1 * (1 - 0.5 * Math.pow(decay, t));
    const uT1 = this.beta_1 * (1 - 0.5 * Math.pow(decay, next));
    // The running product of u_t advances once per step (shared by all variables).
    if (this._uProductStep !== step) {
      if (this._uVar) { this._uProduct = Number(this._uVar.dataSync()[0]) * uT; this._uVar.assign(toTensor(this._uProduct, "Nadam", float32)); }
      else this._uProduct *= uT;
      this._uProductStep = step;
    }
    const uProductT = this._uProduct;
    const uProductT1 = uProductT * uT1;
    const b2Power = Math.pow(this.beta_2, t);
    const mv = this.slot(v, "m"), vv = this.slot(v, "v");
    const newM = m.add(val(mv), m.multiply(m.subtract(g, val(mv)), k(1 - this.beta_1, g)));
    const newV = m.add(val(vv), m.multiply(m.subtract(m.square(g), val(vv)), k(1 - this.beta_2, g)));
    mv.assign(newM); vv.assign(newV);
    const mHat = m.add(m.multiply(newM, k(uT1 / (1 - uProductT1), g)), m.multiply(g, k((1 - uT) / (1 - uProductT), g)));
    const vHat = m.divide(newV, k(1 - b2Power, g));
    v.assign_sub(m.divide(m.multiply(mHat, k(lr, g)), m.add(m.sqrt(vHat), k(this.epsilon, g))));
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), beta_1: this.beta_1, beta_2: this.beta_2, epsilon: this.epsilon }; }
}

/** `Ftrl(learning_rate=0.001, learning_rate_power=-0.5, initial_accumulator_value=0.1, l1_regularization_strength=0.0, l2_regularization_strength=0.0, l2_shrinkage_regularization_strength=0.0, beta=0.0, ...)` */
export class Ftrl extends Optimizer {
  static override className = "Ftrl";
  learning_rate_power: number; initial_accumulator_value: number; l1_regularization_strength: number;
  l2_regularization_strength: number; l2_shrinkage_regularization_strength: number; beta: number;
  constructor(...args: unknown[]) {
    const o = optimizerArgs<OptimizerArgs & Record<string, number>>("Ftrl", args, ["learning_rate", "learning_rate_power", "initial_accumulator_value",
      "l1_regularization_strength", "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta"]);
    super(o, "Ftrl", 0.001);
    this.learning_rate_power = o.learning_rate_power ?? -0.5; this.initial_accumulator_value = o.initial_accumulator_value ?? 0.1;
    this.l1_regularization_strength = o.l1_regularization_strength ?? 0; this.l2_regularization_strength = o.l2_regularization_strength ?? 0;
    this.l2_shrinkage_regularization_strength = o.l2_shrinkage_regularization_strength ?? 0; this.beta = o.beta ?? 0;
  }
  protected override _createSlots(v: Variable): void {
    this.add_variable_from_reference(v, "accumulator", fill(v.shape, toTensor(this.initial_accumulator_value, "Ftrl", v.dtype)));
    this.add_variable_from_reference(v, "linear");
  }
  update_step(g: Tensor, v: Variable, lr: number | Tensor): void {
    const acc = this.slot(v, "accumulator"), lin = this.slot(v, "linear");
    const p = -this.learning_rate_power;
    const l2x2 = typeof lr === "number" ? k(2 * (this.l2_regularization_strength + this.beta / (2 * lr)), g)
      : m.add(k(2 * this.l2_regularization_strength, g), m.divide(k(this.beta, g), k(lr, g)));
    const gUse = m.add(g, m.multiply(val(v), k(2 * this.l2_shrinkage_regularization_strength, g)));
    const newAcc = m.add(val(acc), m.square(g));
    const sigma = m.divide(m.subtract(m.pow(newAcc, k(p, g)), m.pow(val(acc), k(p, g))), k(lr, g));
    const newLin = m.subtract(m.add(val(lin), gUse), m.multiply(sigma, val(v)));
    lin.assign(newLin);
    const quad = m.add(m.divide(m.pow(newAcc, k(p, g)), k(lr, g)), l2x2);
    const l1 = this.l1_regularization_strength;
    const clipped = m.clip_by_value(newLin, -l1, l1);
    v.assign(m.divide(m.subtract(clipped, newLin), quad));
    acc.assign(newAcc);
  }
  override get_config(): Record<string, unknown> {
    return { ...super.get_config(), learning_rate_power: this.learning_rate_power, initial_accumulator_value: this.initial_accumulator_value,
      l1_regularization_strength: this.l1_regularization_strength, l2_regularization_strength: this.l2_regularization_strength,
      l2_shrinkage_regularization_strength: this.l2_shrinkage_regularization_strength, beta: this.beta };
  }
}

const CLASSES: Record<string, new (...a: any[]) => Optimizer> = { SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Ftrl };
const ALIASES: Record<string, string> = { sgd: "SGD", adam: "Adam", adamw: "AdamW", rmsprop: "RMSprop", adagrad: "Adagrad", adadelta: "Adadelta", adamax: "Adamax", nadam: "Nadam", ftrl: "Ftrl" };

export type OptimizerIdentifier = string | Optimizer | { class_name: string; config?: Record<string, unknown> };

/** `tf.keras.optimizers.get(identifier)` */
export function get(identifier: OptimizerIdentifier): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === "string") {
    const key = ALIASES[identifier.toLowerCase()];
    if (key) return new CLASSES[key]();
    const near = nearest(identifier, Object.keys(ALIASES));
    throw new InvalidArgumentError(msg(
      `Could not interpret optimizer identifier: '${identifier}'.${near ? ` Did you mean '${near}'?` : ""} Known: ${Object.keys(ALIASES).join(", ")}.`,
      `옵티마이저 식별자 '${identifier}'를 해석할 수 없습니다.${near ? ` '${near}'을(를) 의도하셨나요?` : ""} 가능한 값: ${Object.keys(ALIASES).join(", ")}.`,
    ));
  }
  if (identifier && typeof identifier === "object" && typeof identifier.class_name === "string") return deserialize(identifier);
  throw new InvalidArgumentError(msg(`Could not interpret optimizer identifier: ${String(identifier)}`, `옵티마이저 식별자를 해석할 수 없습니다: ${String(identifier)}`));
}
export function serialize(o: Optimizer): { class_name: string; config: Record<string, unknown> } {
  return { class_name: classNameOf(o), config: o.get_config() };
}
export function deserialize(config: { class_name: string; config?: Record<string, unknown> }): Optimizer {
  const name = Object.prototype.hasOwnProperty.call(CLASSES, config.class_name) ? config.class_name : ALIASES[config.class_name.toLowerCase()];
  const cls = name ? CLASSES[name] : undefined;
  if (!cls) throw new InvalidArgumentError(msg(`Unknown optimizer class '${config.class_name}'.`, `알 수 없는 옵티마이저 클래스 '${config.class_name}'입니다.`));
  return (cls as unknown as { from_config: (c: Record<string, unknown>) => Optimizer }).from_config({ ...(config.config ?? {}) });
}

void float32;
