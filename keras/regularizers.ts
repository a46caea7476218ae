/**
 * `tf.keras.regularizers`: L1, L2, L1L2 (and OrthogonalRegularizer-free Keras 2 defaults:
 * `l1(0.01)`, `l2(0.01)`). A regularizer maps a weight to a scalar loss added to the model's loss.
 * Saved as `L1L2` (the class TensorFlow.js knows); `L1`/`L2` configs load too.
 */
import type { Tensor } from "../core/tensor/tensor";
import * as math from "../core/ops/math";
import { reduce_sum } from "../core/ops/reduce";
import { toTensor, TensorLike } from "../core/ops/convert";
import { InvalidArgumentError, msg, checkOptions, nearest } from "../core/errors";
import { makeCallable, classNameOf } from "./utils/callable";

export interface Regularizer { (x: TensorLike): Tensor }
export class Regularizer {
  static className = "Regularizer";
  constructor() { return makeCallable(new.target.prototype); }
  __call__(x: TensorLike): Tensor { return this.compute(toTensor(x, "regularizer")); }
  compute(_x: Tensor): Tensor { throw new Error("Regularizer.compute is abstract"); }
  get_config(): Record<string, unknown> { return {}; }
  static from_config<T extends Regularizer>(this: new (config: any) => T, config: Record<string, unknown>): T { return new this(config); }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return `<keras.regularizers.${classNameOf(this)}>`; }
}

function num(name: string, key: string, v: unknown, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new InvalidArgumentError(msg(`${name}: ${key} must be a non-negative number, got ${JSON.stringify(v)}.`, `${name}: ${key}는 0 이상의 수여야 하는데 ${JSON.stringify(v)}입니다.`));
  }
  return v;
}

export class L1L2 extends Regularizer {
  static override className = "L1L2";
  l1: number; l2: number;
  constructor(l1?: number | { l1?: number; l2?: number }, l2?: number) {
    super();
    if (typeof l1 === "object" && l1 !== null) { checkOptions("L1L2", l1, ["l1", "l2"]); l2 = l1.l2; l1 = l1.l1; }
    this.l1 = num("L1L2", "l1", l1, 0); this.l2 = num("L1L2", "l2", l2, 0);
  }
  override compute(x: Tensor): Tensor {
    let r: Tensor = math.scalarLike(0, x);
    if (this.l1) r = math.add(r, math.multiply(math.scalarLike(this.l1, x), reduce_sum(math.abs(x))));
    if (this.l2) r = math.add(r, math.multiply(math.scalarLike(this.l2, x), reduce_sum(math.square(x))));
    return r;
  }
  override get_config(): Record<string, unknown> { return { l1: this.l1, l2: this.l2 }; }
}
export class L1 extends L1L2 {
  static override className = "L1";
  constructor(l1?: number | { l1?: number }) {
    if (typeof l1 === "object" && l1 !== null) { checkOptions("L1", l1, ["l1"]); l1 = l1.l1; }
    super(num("L1", "l1", l1, 0.01), 0);
  }
}
export class L2 extends L1L2 {
  static override className = "L2";
  constructor(l2?: number | { l2?: number }) {
    if (typeof l2 === "object" && l2 !== null) { checkOptions("L2", l2, ["l2"]); l2 = l2.l2; }
    super(0, num("L2", "l2", l2, 0.01));
  }
}

/** `tf.keras.regularizers.l1(l1=0.01)` */
export function l1(value: number | { l1?: number } = 0.01): Regularizer { return new L1(value); }
/** `tf.keras.regularizers.l2(l2=0.01)` */
export function l2(value: number | { l2?: number } = 0.01): Regularizer { return new L2(value); }
/** `tf.keras.regularizers.l1_l2(l1=0.01, l2=0.01)` */
export function l1_l2(a: number | { l1?: number; l2?: number } = 0.01, b = 0.01): Regularizer {
  if (typeof a === "object") return new L1L2({ l1: a.l1 ?? 0.01, l2: a.l2 ?? 0.01 });
  return new L1L2(a, b);
}

const CLASSES: Record<string, new (...a: any[]) => Regularizer> = { L1L2, L1, L2, l1_l2: L1L2 };
export type RegularizerIdentifier = string | Regularizer | { class_name: string; config?: Record<string, unknown> } | ((x: Tensor) => Tensor);

/** `tf.keras.regularizers.get(identifier)` */
export function get(identifier: RegularizerIdentifier | null | undefined): Regularizer | null {
  if (identifier == null) return null;
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === "function") {
    const r = new Regularizer();
    r.compute = identifier as (x: Tensor) => Tensor;
    return r;
  }
  if (typeof identifier === "string") {
    if (identifier === "l1") return l1();
    if (identifier === "l2") return l2();
    if (identifier === "l1_l2") return l1_l2();
    const near = nearest(identifier, ["l1", "l2", "l1_l2"]);
    throw new InvalidArgumentError(msg(`Unknown regularizer: '${identifier}'.${near ? ` Did you mean '${near}'?` : ""} Known: l1, l2, l1_l2.`, `알 수 없는 정규화 '${identifier}'입니다. 가능한 값: l1, l2, l1_l2.`));
  }
  if (typeof identifier === "object" && typeof identifier.class_name === "string") return deserialize(identifier);
  throw new InvalidArgumentError(msg(`Could not interpret regularizer identifier: ${String(identifier)}`, `정규화 식별자를 해석할 수 없습니다: ${String(identifier)}`));
}

/** Saved as L1L2 so TensorFlow.js reads it. */
export function serialize(r: Regularizer): { class_name: string; config: Record<string, unknown> } {
  if (r instanceof L1L2) return { class_name: "L1L2", config: { l1: r.l1, l2: r.l2 } };
  return { class_name: classNameOf(r), config: r.get_config() };
}
export function deserialize(config: { class_name: string; config?: Record<string, unknown> }): Regularizer {
  const cls = Object.prototype.hasOwnProperty.call(CLASSES, config.class_name) ? CLASSES[config.class_name] : undefined;
  if (!cls) throw new InvalidArgumentError(msg(`Unknown regularizer class '${config.class_name}'. Known: L1, L2, L1L2.`, `알 수 없는 정규화 클래스 '${config.class_name}'입니다. 가능한 값: L1, L2, L1L2.`));
  return new cls({ ...(config.config ?? {}) });
}
