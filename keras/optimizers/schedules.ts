/**
 * `tf.keras.optimizers.schedules`: learning rates as functions of the optimizer step
 * (the number of updates applied so far, starting at 0).
 */
import type { Tensor } from "../../core/tensor/tensor";
import { constant } from "../../core/ops/convert";
import { float32 } from "../../core/tensor/dtypes";
import { InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import { makeCallable, classNameOf } from "../utils/callable";
import { defineOp, registerKernel, runOp } from "../../core/engine/engine";

// A schedule inside a traced train step: the step is a graph tensor (the optimizer's iterations),
// so the rate is looked up when the graph runs, not when it is traced. The schedule's own
// `_at(step)` (host code) is the kernel; other backends fall back to cpu for this scalar.
defineOp({ name: "KerasLearningRateAt", infer: () => [{ shape: [], dtype: float32 }], nonDifferentiable: true });
registerKernel("cpu", "KerasLearningRateAt", (inputs, { schedule }) => [new Float32Array([(schedule as LearningRateSchedule)._at(Number((inputs[0]._handle as ArrayLike<number>)[0]))])]);

/** The learning rate of `schedule` at `step` (a float32 scalar graph tensor) as a graph op. */
export function scheduleAt(schedule: LearningRateSchedule, step: Tensor): Tensor {
  return runOp("KerasLearningRateAt", [step], { schedule }, "learning_rate")[0];
}

export interface LearningRateSchedule { (step: number | Tensor): Tensor }
/** Base class: implement `_at(step)` (a JS number) or override `__call__`. */
export class LearningRateSchedule {
  static className = "LearningRateSchedule";
  constructor() { return makeCallable(new.target.prototype); }
  __call__(step: number | Tensor): Tensor {
    const s = typeof step === "number" ? step : Number((step as Tensor).dataSync()[0]);
    return constant(this._at(s), float32);
  }
  /** The learning rate at `step`, as a number. */
  _at(_step: number): number { throw new Error("LearningRateSchedule._at is abstract"); }
  get_config(): Record<string, unknown> { return {}; }
  static from_config<T extends LearningRateSchedule>(this: new (config: any) => T, config: Record<string, unknown>): T { return new this(config); }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<keras.optimizers.schedules.${classNameOf(this)}>`; }
}

function bind<T extends object>(name: string, args: unknown[], names: string[], required: string[]): T {
  let o: Record<string, unknown>;
  if (args.length === 1 && typeof args[0] === "object" && args[0] !== null && !Array.isArray(args[0])) {
    checkOptions(name, args[0] as object, names);
    o = { ...(args[0] as object) };
  } else {
    o = {};
    names.forEach((n, i) => { if (args[i] !== undefined) o[n] = args[i]; });
  }
  for (const r of required) {
    if (o[r] === undefined) throw new InvalidArgumentError(msg(`${name}: missing required argument '${r}'.`, `${name}: 필수 인자 '${r}'가 없습니다.`));
  }
  return o as T;
}

export class ExponentialDecay extends LearningRateSchedule {
  static override className = "ExponentialDecay";
  initial_learning_rate: number; decay_steps: number; decay_rate: number; staircase: boolean; override name: string | null;
  constructor(...args: unknown[]) {
    super();
    const o = bind<{ initial_learning_rate: number; decay_steps: number; decay_rate: number; staircase?: boolean; name?: string }>(
      "ExponentialDecay", args, ["initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name"], ["initial_learning_rate", "decay_steps", "decay_rate"]);
    this.initial_learning_rate = o.initial_learning_rate; this.decay_steps = o.decay_steps; this.decay_rate = o.decay_rate;
    this.staircase = !!o.staircase; this.name = o.name ?? null;
  }
  override _at(step: number): number {
    let p = step / this.decay_steps;
    if (this.staircase) p = Math.floor(p);
    return this.initial_learning_rate * Math.pow(this.decay_rate, p);
  }
  override get_config(): Record<string, unknown> { return { initial_learning_rate: this.initial_learning_rate, decay_steps: this.decay_steps, decay_rate: this.decay_rate, staircase: this.staircase, name: this.name }; }
}

export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override className = "PiecewiseConstantDecay";
  boundaries: number[]; values: number[]; override name: string | null;
  constructor(...args: unknown[]) {
    super();
    const o = bind<{ boundaries: number[]; values: number[]; name?: string }>("PiecewiseConstantDecay", args, ["boundaries", "values", "name"], ["boundaries", "values"]);
    if (o.values.length !== o.boundaries.length + 1) {
      throw new InvalidArgumentError(msg(
        `PiecewiseConstantDecay: The length of boundaries should be 1 less than the length of values (got ${o.boundaries.length} boundaries and ${o.values.length} values).`,
        `PiecewiseConstantDecay: boundaries의 길이는 values보다 1 작아야 합니다 (boundaries ${o.boundaries.length}개, values ${o.values.length}개).`,
      ));
    }
    this.boundaries = [...o.boundaries]; this.values = [...o.values]; this.name = o.name ?? null;
  }
  override _at(step: number): number {
    for (let i = 0; i < this.boundaries.length; i++) if (step <= this.boundaries[i]) return this.values[i];
    return this.values[this.values.length - 1];
  }
  override get_config(): Record<string, unknown> { return { boundaries: this.boundaries, values: this.values, name: this.name }; }
}

export class PolynomialDecay extends LearningRateSchedule {
  static override className = "PolynomialDecay";
  initial_learning_rate: number; decay_steps: number; end_learning_rate: number; power: number; cycle: boolean; override name: string | null;
  constructor(...args: unknown[]) {
    super();
    const o = bind<{ initial_learning_rate: number; decay_steps: number; end_learning_rate?: number; power?: number; cycle?: boolean; name?: string }>(
      "PolynomialDecay", args, ["initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle", "name"], ["initial_learning_rate", "decay_steps"]);
    this.initial_learning_rate = o.initial_learning_rate; this.decay_steps = o.decay_steps; this.end_learning_rate = o.end_learning_rate ?? 0.0001;
    this.power = o.power ?? 1.0; this.cycle = !!o.cycle; this.name = o.name ?? null;
  }
  override _at(step: number): number {
    let ds = this.decay_steps, s = step;
    if (this.cycle) ds = ds * Math.max(1, Math.ceil(step / this.decay_steps));
    else s = Math.min(step, this.decay_steps);
    const frac = s / ds;
    return (this.initial_learning_rate - this.end_learning_rate) * Math.pow(1 - frac, this.power) + this.end_learning_rate;
  }
  override get_config(): Record<string, unknown> { return { initial_learning_rate: this.initial_learning_rate, decay_steps: this.decay_steps, end_learning_rate: this.end_learning_rate, power: this.power, cycle: this.cycle, name: this.name }; }
}

export class InverseTimeDecay extends LearningRateSchedule {
  static override className = "InverseTimeDecay";
  initial_learning_rate: number; decay_steps: number; decay_rate: number; staircase: boolean; override name: string | null;
  constructor(...args: unknown[]) {
    super();
    const o = bind<{ initial_learning_rate: number; decay_steps: number; decay_rate: number; staircase?: boolean; name?: string }>(
      "InverseTimeDecay", args, ["initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name"], ["initial_learning_rate", "decay_steps", "decay_rate"]);
    this.initial_learning_rate = o.initial_learning_rate; this.decay_steps = o.decay_steps; this.decay_rate = o.decay_rate;
    this.staircase = !!o.staircase; this.name = o.name ?? null;
  }
  override _at(step: number): number {
    let p = step / this.decay_steps;
    if (this.staircase) p = Math.floor(p);
    return this.initial_learning_rate / (1 + this.decay_rate * p);
  }
  override get_config(): Record<string, unknown> { return { initial_learning_rate: this.initial_learning_rate, decay_steps: this.decay_steps, decay_rate: this.decay_rate, staircase: this.staircase, name: this.name }; }
}

export class CosineDecay extends LearningRateSchedule {
  static override className = "CosineDecay";
  initial_learning_rate: number; decay_steps: number; alpha: number; override name: string | null; warmup_target: number | null; warmup_steps: number;
  constructor(...args: unknown[]) {
    super();
    const o = bind<{ initial_learning_rate: number; decay_steps: number; alpha?: number; name?: string; warmup_target?: number | null; warmup_steps?: number }>(
      "CosineDecay", args, ["initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"], ["initial_learning_rate", "decay_steps"]);
    this.initial_learning_rate = o.initial_learning_rate; this.decay_steps = o.decay_steps; this.alpha = o.alpha ?? 0; this.name = o.name ?? null;
    this.warmup_target = o.warmup_target ?? null; this.warmup_steps = o.warmup_steps ?? 0;
  }
  override _at(step: number): number {
    if (this.warmup_target !== null && step < this.warmup_steps) {
      return this.initial_learning_rate + (this.warmup_target - this.initial_learning_rate) * (step / this.warmup_steps);
    }
    const base = this.warmup_target ?? this.initial_learning_rate;
    const s = Math.min(step - (this.warmup_target !== null ? this.warmup_steps : 0), this.decay_steps);
    const cosine = 0.5 * (1 + Math.cos(Math.PI * s / this.decay_steps));
    return base * ((1 - this.alpha) * cosine + this.alpha);
  }
  override get_config(): Record<string, unknown> { return { initial_learning_rate: this.initial_learning_rate, decay_steps: this.decay_steps, alpha: this.alpha, name: this.name, warmup_target: this.warmup_target, warmup_steps: this.warmup_steps }; }
}

export class CosineDecayRestarts extends LearningRateSchedule {
  static override className = "CosineDecayRestarts";
  initial_learning_rate: number; first_decay_steps: number; t_mul: number; m_mul: number; alpha: number; override name: string | null;
  constructor(...args: unknown[]) {
    super();
    const o = bind<{ initial_learning_rate: number; first_decay_steps: number; t_mul?: number; m_mul?: number; alpha?: number; name?: string }>(
      "CosineDecayRestarts", args, ["initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha", "name"], ["initial_learning_rate", "first_decay_steps"]);
    this.initial_learning_rate = o.initial_learning_rate; this.first_decay_steps = o.first_decay_steps; this.t_mul = o.t_mul ?? 2.0;
    this.m_mul = o.m_mul ?? 1.0; this.alpha = o.alpha ?? 0; this.name = o.name ?? null;
  }
  override _at(step: number): number {
    let frac = step / this.first_decay_steps, i: number;
    if (this.t_mul === 1) { i = Math.floor(frac); frac -= i; }
    else {
      i = Math.floor(Math.log(1 - frac * (1 - this.t_mul)) / Math.log(this.t_mul));
      const sumR = (1 - Math.pow(this.t_mul, i)) / (1 - this.t_mul);
      frac = (frac - sumR) / Math.pow(this.t_mul, i);
    }
    const mFac = Math.pow(this.m_mul, i);
    const cosine = 0.5 * mFac * (1 + Math.cos(Math.PI * frac));
    return this.initial_learning_rate * ((1 - this.alpha) * cosine + this.alpha);
  }
  override get_config(): Record<string, unknown> { return { initial_learning_rate: this.initial_learning_rate, first_decay_steps: this.first_decay_steps, t_mul: this.t_mul, m_mul: this.m_mul, alpha: this.alpha, name: this.name }; }
}

const CLASSES: Record<string, new (...a: any[]) => LearningRateSchedule> = {
  ExponentialDecay, PiecewiseConstantDecay, PolynomialDecay, InverseTimeDecay, CosineDecay, CosineDecayRestarts,
};
export function serialize(s: LearningRateSchedule): { class_name: string; config: Record<string, unknown> } {
  return { class_name: classNameOf(s), config: s.get_config() };
}
export function deserialize(config: { class_name: string; config?: Record<string, unknown> }): LearningRateSchedule {
  const cls = Object.prototype.hasOwnProperty.call(CLASSES, config.class_name) ? CLASSES[config.class_name] : undefined;
  if (!cls) throw new InvalidArgumentError(msg(`Unknown learning rate schedule '${config.class_name}'.`, `알 수 없는 학습률 스케줄 '${config.class_name}'입니다.`));
  return new cls({ ...(config.config ?? {}) });
}
