/** Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot. */
import { Tensor } from "../../core/tensor/tensor";
import { broadcastShapes, formatShape } from "../../core/tensor/shape";
import * as m from "../../core/ops/math";
import * as arr from "../../core/ops/array";
import * as nn from "../../core/ops/nn";
import { reduce_sum, reduce_all } from "../../core/ops/reduce";
import { matmul } from "../../core/ops/matmul";
import { InvalidArgumentError, msg } from "../../core/errors";
import { Layer, CallKwargs } from "../engine/base_layer";
import type { Shape } from "../engine/keras_tensor";
import { bindLayerArgs } from "./args";
import { classNameOf } from "../utils/callable";

abstract class Merge extends Layer {
  constructor(className: string, args: unknown[], positional: string[] = []) {
    const [o, base] = bindLayerArgs<Record<string, unknown>>(className, args, positional);
    super(base);
    this._init(o);
    this.supports_masking = true;
  }
  _init(_o: Record<string, unknown>): void {}
  checkList(x: unknown): asserts x is unknown[] {
    if (!Array.isArray(x) || x.length < 2) {
      throw new InvalidArgumentError(msg(
        `A merge layer (${classNameOf(this)}) should be called on a list of at least 2 inputs. Got ${Array.isArray(x) ? x.length : 1} input(s).`,
        `병합 층(${classNameOf(this)})은 입력 2개 이상의 목록으로 호출해야 합니다. 받은 입력: ${Array.isArray(x) ? x.length : 1}개.`,
      ));
    }
  }
  override build(s: Shape[]): void { this.checkList(s); this.built = true; }
  abstract merge(xs: Tensor[]): Tensor;
  override call(inputs: Tensor[]): Tensor { this.checkList(inputs); return this.merge(inputs); }
  override compute_output_shape(s: Shape[]): Shape {
    this.checkList(s);
    let out = s[0];
    for (const x of s.slice(1)) {
      try { out = broadcastShapes(classNameOf(this), out, x); } catch {
        throw new InvalidArgumentError(msg(
          `Inputs have incompatible shapes. Received shapes ${s.map((q) => formatShape(q)).join(" and ")} (layer "${this.name}").`,
          `입력 형태가 호환되지 않습니다: ${s.map((q) => formatShape(q)).join(", ")} (층 "${this.name}").`,
        ));
      }
    }
    return out;
  }
  override compute_mask(_inputs: any, mask?: Tensor | Tensor[] | null): Tensor | null {
    if (!mask || !Array.isArray(mask) || mask.every((x) => !x)) return null;
    const ms = mask.filter((x): x is Tensor => !!x);
    return ms.length === 1 ? ms[0] : reduce_all(arr.stack(ms, 0), 0);
  }
  override _producesMask(inputHasMask: boolean): boolean { return inputHasMask; }
}
export class Add extends Merge { static override className = "Add"; constructor(...a: unknown[]) { super("Add", a); } merge(xs: Tensor[]): Tensor { return xs.slice(1).reduce((p, q) => m.add(p, q), xs[0]); } }
export class Subtract extends Merge {
  static override className = "Subtract";
  constructor(...a: unknown[]) { super("Subtract", a); }
  override checkList(x: unknown): asserts x is unknown[] {
    if (!Array.isArray(x) || x.length !== 2) throw new InvalidArgumentError(msg(`A \`Subtract\` layer should be called on exactly 2 inputs. Received: ${Array.isArray(x) ? x.length : 1}`, `Subtract 층은 정확히 입력 2개로 호출해야 합니다.`));
  }
  merge(xs: Tensor[]): Tensor { return m.subtract(xs[0], xs[1]); }
}
export class Multiply extends Merge { static override className = "Multiply"; constructor(...a: unknown[]) { super("Multiply", a); } merge(xs: Tensor[]): Tensor { return xs.slice(1).reduce((p, q) => m.multiply(p, q), xs[0]); } }
export class Average extends Merge {
  static override className = "Average";
  constructor(...a: unknown[]) { super("Average", a); }
  merge(xs: Tensor[]): Tensor { const s = xs.slice(1).reduce((p, q) => m.add(p, q), xs[0]); return m.divide(s, m.scalarLike(xs.length, s)); }
}
export class Maximum extends Merge { static override className = "Maximum"; constructor(...a: unknown[]) { super("Maximum", a); } merge(xs: Tensor[]): Tensor { return xs.slice(1).reduce((p, q) => m.maximum(p, q), xs[0]); } }
export class Minimum extends Merge { static override className = "Minimum"; constructor(...a: unknown[]) { super("Minimum", a); } merge(xs: Tensor[]): Tensor { return xs.slice(1).reduce((p, q) => m.minimum(p, q), xs[0]); } }

/** `Concatenate(axis=-1)` */
export class Concatenate extends Merge {
  static override className = "Concatenate";
  axis = -1;
  constructor(...a: unknown[]) { super("Concatenate", a, ["axis"]); }
  override _init(o: Record<string, unknown>): void { this.axis = (o.axis as number) ?? -1; }
  merge(xs: Tensor[]): Tensor { return arr.concat(xs, this.axis); }
  override compute_output_shape(s: Shape[]): Shape {
    this.checkList(s);
    const r = s[0].length, ax = this.axis < 0 ? this.axis + r : this.axis;
    const out = [...s[0]];
    for (const x of s.slice(1)) {
      const ok = x.length === r && x.every((d, i) => i === ax || d === null || out[i] === null || d === out[i]);
      if (!ok) {
        throw new InvalidArgumentError(msg(
          `A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${JSON.stringify(s.map((q) => formatShape(q)))}`,
          `Concatenate 층의 입력은 연결 축을 빼고 형태가 같아야 합니다. 받은 형태: ${s.map((q) => formatShape(q)).join(", ")}`,
        ));
      }
      out[ax] = out[ax] === null || x[ax] === null ? null : (out[ax] as number) + (x[ax] as number);
    }
    return out;
  }
  override compute_mask(inputs: any, mask?: Tensor | Tensor[] | null): Tensor | null {
    if (!mask || !Array.isArray(mask) || mask.every((x) => !x)) return null;
    const full = (mask as (Tensor | null)[]).map((mk, i) => mk ?? m.cast(m.onesLike(arr.gather((inputs as Tensor[])[i], 0, undefined, -1)), "bool"));
    return reduce_all(arr.stack(full, 0), 0);
  }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), axis: this.axis }; }
}

/** `Dot(axes, normalize=False)`: batched dot products of two inputs. */
export class Dot extends Merge {
  static override className = "Dot";
  axes: number | number[] = -1; normalize = false;
  constructor(...a: unknown[]) { super("Dot", a, ["axes", "normalize"]); }
  override _init(o: Record<string, unknown>): void {
    if (o.axes === undefined) throw new InvalidArgumentError(msg("Dot() missing required argument 'axes'.", "Dot()에 필수 인자 'axes'가 없습니다."));
    this.axes = o.axes as number | number[]; this.normalize = !!o.normalize;
  }
  private ax(r1: number, r2: number): [number, number] {
    const a = Array.isArray(this.axes) ? this.axes : [this.axes, this.axes];
    return [a[0] < 0 ? a[0] + r1 : a[0], a[1] < 0 ? a[1] + r2 : a[1]];
  }
  merge(xs: Tensor[]): Tensor {
    let [x, y] = xs;
    const [a1, a2] = this.ax(x.rank, y.rank);
    if (this.normalize) { x = nn.l2_normalize(x, a1); y = nn.l2_normalize(y, a2); }
    if (x.rank === 2 && y.rank === 2) return arr.expand_dims(reduce_sum(m.multiply(x, y), 1), 1);
    // Batched: move the contracted axes last / first and use batched matmul.
    const tx = arr.transpose(x, [0, ...Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== 0 && i !== a1), a1]);
    const ty = arr.transpose(y, [0, a2, ...Array.from({ length: y.rank }, (_, i) => i).filter((i) => i !== 0 && i !== a2)]);
    return matmul(tx, ty);
  }
  override compute_output_shape(s: Shape[]): Shape {
    const [x, y] = s;
    const [a1, a2] = this.ax(x.length, y.length);
    const out = [...x.filter((_, i) => i !== a1), ...y.filter((_, i) => i !== a2 && i !== 0)];
    return out.length === 1 ? [out[0], 1] : out;
  }
  override compute_mask(): null { return null; }
  override get_config(): Record<string, unknown> { return { ...super.get_config(), axes: this.axes, normalize: this.normalize }; }
}

export type { CallKwargs };
