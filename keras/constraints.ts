/**
 * `tf.keras.constraints`: projections applied to a weight after each optimizer update
 * (MaxNorm, MinMaxNorm, NonNeg, UnitNorm, RadialConstraint-free Keras 2 set).
 */
import type { Tensor } from "../core/tensor/tensor";
import * as math from "../core/ops/math";
import { reduce_sum } from "../core/ops/reduce";
import { toTensor, TensorLike } from "../core/ops/convert";
import { InvalidArgumentError, msg, checkOptions, nearest } from "../core/errors";
import { makeCallable, classNameOf } from "./utils/callable";

export interface Constraint { (w: TensorLike): Tensor }
export class Constraint {
  static className = "Constraint";
  constructor() { return makeCallable(new.target.prototype); }
  __call__(w: TensorLike): Tensor { return this.apply(toTensor(w, "constraint")); }
  apply(w: Tensor): Tensor { return w; }
  get_config(): Record<string, unknown> { return {}; }
  static from_config<T extends Constraint>(this: new (config: any) => T, config: Record<string, unknown>): T { return new this(config); }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<keras.constraints.${classNameOf(this)}>`; }
}

function o2<T extends object>(name: string, a: unknown, keys: string[], positional: Partial<T>): Partial<T> {
  if (typeof a === "object" && a !== null) { checkOptions(name, a, keys); return a as Partial<T>; }
  return positional;
}
const EPS = 1e-7;
function norms(w: Tensor, axis: number | number[]): Tensor {
  return math.sqrt(reduce_sum(math.square(w), axis, true));
}

export class MaxNorm extends Constraint {
  static override className = "MaxNorm";
  max_value: number; axis: number | number[];
  constructor(max_value?: number | { max_value?: number; axis?: number | number[] }, axis?: number | number[]) {
    super();
    const o = o2<{ max_value: number; axis: number | number[] }>("MaxNorm", max_value, ["max_value", "axis"], { max_value: max_value as number, axis });
    this.max_value = o.max_value ?? 2; this.axis = o.axis ?? 0;
  }
  override apply(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = math.clip_by_value(n, 0, this.max_value);
    return math.multiply(w, math.divide(desired, math.add(math.scalarLike(EPS, n), n)));
  }
  override get_config(): Record<string, unknown> { return { max_value: this.max_value, axis: this.axis }; }
}
export class MinMaxNorm extends Constraint {
  static override className = "MinMaxNorm";
  min_value: number; max_value: number; rate: number; axis: number | number[];
  constructor(min_value?: number | { min_value?: number; max_value?: number; rate?: number; axis?: number | number[] }, max_value?: number, rate?: number, axis?: number | number[]) {
    super();
    const o = o2<{ min_value: number; max_value: number; rate: number; axis: number | number[] }>("MinMaxNorm", min_value, ["min_value", "max_value", "rate", "axis"], { min_value: min_value as number, max_value, rate, axis });
    this.min_value = o.min_value ?? 0; this.max_value = o.max_value ?? 1; this.rate = o.rate ?? 1; this.axis = o.axis ?? 0;
  }
  override apply(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const clipped = math.clip_by_value(n, this.min_value, this.max_value);
    const desired = math.add(math.multiply(math.scalarLike(this.rate, n), clipped), math.multiply(math.scalarLike(1 - this.rate, n), n));
    return math.multiply(w, math.divide(desired, math.add(math.scalarLike(EPS, n), n)));
  }
  override get_config(): Record<string, unknown> { return { min_value: this.min_value, max_value: this.max_value, rate: this.rate, axis: this.axis }; }
}
export class NonNeg extends Constraint {
  static override className = "NonNeg";
  override apply(w: Tensor): Tensor { return math.multiply(w, math.cast(math.greater_equal(w, math.scalarLike(0, w)), w.dtype)); }
}
export class UnitNorm extends Constraint {
  static override className = "UnitNorm";
  axis: number | number[];
  constructor(axis?: number | number[] | { axis?: number | number[] }) {
    super();
    const o = o2<{ axis: number | number[] }>("UnitNorm", Array.isArray(axis) ? undefined : axis, ["axis"], { axis: axis as number | number[] });
    this.axis = (Array.isArray(axis) ? axis : o.axis) ?? 0;
  }
  override apply(w: Tensor): Tensor { const n = norms(w, this.axis); return math.divide(w, math.add(math.scalarLike(EPS, n), n)); }
  override get_config(): Record<string, unknown> { return { axis: this.axis }; }
}

const CLASSES: Record<string, new (...a: any[]) => Constraint> = { MaxNorm, MinMaxNorm, NonNeg, UnitNorm };
const ALIASES: Record<string, string> = { max_norm: "MaxNorm", maxnorm: "MaxNorm", min_max_norm: "MinMaxNorm", non_neg: "NonNeg", nonneg: "NonNeg", unit_norm: "UnitNorm", unitnorm: "UnitNorm" };
export type ConstraintIdentifier = string | Constraint | { class_name: string; config?: Record<string, unknown> } | ((w: Tensor) => Tensor);

export function get(identifier: ConstraintIdentifier | null | undefined): Constraint | null {
  if (identifier == null) return null;
  if (identifier instanceof Constraint) return identifier;
  if (typeof identifier === "function") { const c = new Constraint(); c.apply = identifier as (w: Tensor) => Tensor; return c; }
  if (typeof identifier === "string") {
    const cls = CLASSES[identifier] ?? CLASSES[ALIASES[identifier]];
    if (cls) return new cls();
    const near = nearest(identifier, Object.keys(ALIASES));
    throw new InvalidArgumentError(msg(`Unknown constraint: '${identifier}'.${near ? ` Did you mean '${near}'?` : ""} Known: ${Object.keys(ALIASES).join(", ")}.`, `알 수 없는 제약 '${identifier}'입니다. 가능한 값: ${Object.keys(ALIASES).join(", ")}.`));
  }
  if (typeof identifier === "object" && typeof identifier.class_name === "string") return deserialize(identifier);
  throw new InvalidArgumentError(msg(`Could not interpret constraint identifier: ${String(identifier)}`, `제약 식별자를 해석할 수 없습니다: ${String(identifier)}`));
}
export function serialize(c: Constraint): { class_name: string; config: Record<string, unknown> } {
  return { class_name: classNameOf(c), config: c.get_config() };
}
export function deserialize(config: { class_name: string; config?: Record<string, unknown> }): Constraint {
  const name = Object.prototype.hasOwnProperty.call(CLASSES, config.class_name) ? config.class_name : ALIASES[config.class_name];
  const cls = name && Object.prototype.hasOwnProperty.call(CLASSES, name) ? CLASSES[name] : undefined;
  if (!cls) throw new InvalidArgumentError(msg(`Unknown constraint class '${config.class_name}'. Known: ${Object.keys(CLASSES).join(", ")}.`, `알 수 없는 제약 클래스 '${config.class_name}'입니다.`));
  return new cls({ ...(config.config ?? {}) });
}
export const max_norm = (max_value = 2, axis: number | number[] = 0): Constraint => new MaxNorm(max_value, axis);
export const min_max_norm = (min_value = 0, max_value = 1, rate = 1, axis: number | number[] = 0): Constraint => new MinMaxNorm(min_value, max_value, rate, axis);
export const non_neg = (): Constraint => new NonNeg();
export const unit_norm = (axis: number | number[] = 0): Constraint => new UnitNorm(axis);
