/**
 * Recurrent layers: RNN(cell), SimpleRNN, LSTM, GRU (Keras 2 gate layouts: LSTM i,f,c,o with
 * unit_forget_bias; GRU z,r,h with reset_after=True by default), and Bidirectional.
 * The time loop runs eagerly; the input projection x·W is one matmul for all timesteps.
 */
import { Tensor } from "../../core/tensor/tensor";
import { formatShape } from "../../core/tensor/shape";
import { matmul } from "../../core/ops/matmul";
import * as m from "../../core/ops/math";
import * as arr from "../../core/ops/array";
import * as nn from "../../core/ops/nn";
import { zeros, ones } from "../../core/ops/creation";
import { TensorLike } from "../../core/ops/convert";
import type { Variable } from "../../core/variable";
import { InvalidArgumentError, msg } from "../../core/errors";
import { Layer, InputSpec, castInputs, CallKwargs } from "../engine/base_layer";
import type { Shape } from "../engine/keras_tensor";
import * as activations from "../activations";
import * as initializers from "../initializers";
import * as regularizers from "../regularizers";
import * as constraints from "../constraints";
import { bindLayerArgs, required, positiveInt } from "./args";
import { ser } from "./core";
import { classNameOf } from "../utils/callable";

const V = (v: Variable | null) => v as unknown as TensorLike;

interface CellArgs {
  units?: number; activation?: activations.ActivationIdentifier; recurrent_activation?: activations.ActivationIdentifier; use_bias?: boolean;
  kernel_initializer?: initializers.InitializerIdentifier; recurrent_initializer?: initializers.InitializerIdentifier; bias_initializer?: initializers.InitializerIdentifier;
  unit_forget_bias?: boolean; kernel_regularizer?: regularizers.RegularizerIdentifier | null; recurrent_regularizer?: regularizers.RegularizerIdentifier | null;
  bias_regularizer?: regularizers.RegularizerIdentifier | null; kernel_constraint?: constraints.ConstraintIdentifier | null;
  recurrent_constraint?: constraints.ConstraintIdentifier | null; bias_constraint?: constraints.ConstraintIdentifier | null;
  dropout?: number; recurrent_dropout?: number; reset_after?: boolean; implementation?: number;
}
const CELL_KEYS = ["units", "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer", "unit_forget_bias",
  "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
  "reset_after", "implementation"];

/** Shared parts of the built-in cells. */
abstract class Cell extends Layer {
  units: number; activation: activations.ActivationFn; use_bias: boolean;
  kernel_initializer: initializers.Initializer; recurrent_initializer: initializers.Initializer; bias_initializer: initializers.Initializer;
  kernel_regularizer: regularizers.Regularizer | null; recurrent_regularizer: regularizers.Regularizer | null; bias_regularizer: regularizers.Regularizer | null;
  kernel_constraint: constraints.Constraint | null; recurrent_constraint: constraints.Constraint | null; bias_constraint: constraints.Constraint | null;
  dropout: number; recurrent_dropout: number;
  kernel!: Variable; recurrent_kernel!: Variable; bias: Variable | null = null;
  /** Gates per unit (1 SimpleRNN, 4 LSTM, 3 GRU). */
  abstract readonly gates: number;
  /** Per-call dropout masks (set by RNN before the loop). */
  _dropMask: Tensor | null = null;
  _recDropMask: Tensor | null = null;

  constructor(className: string, args: unknown[], defaultActivation = "tanh") {
    const [o, base] = bindLayerArgs<CellArgs>(className, args, ["units", "activation"], CELL_KEYS);
    super(base);
    this.units = positiveInt(className, "units", required(className, o as Record<string, unknown>, "units"));
    this.activation = activations.get(o.activation === undefined ? defaultActivation : o.activation);
    this.use_bias = o.use_bias ?? true;
    this.kernel_initializer = initializers.get(o.kernel_initializer ?? "glorot_uniform");
    this.recurrent_initializer = initializers.get(o.recurrent_initializer ?? "orthogonal");
    this.bias_initializer = initializers.get(o.bias_initializer ?? "zeros");
    this.kernel_regularizer = regularizers.get(o.kernel_regularizer ?? null);
    this.recurrent_regularizer = regularizers.get(o.recurrent_regularizer ?? null);
    this.bias_regularizer = regularizers.get(o.bias_regularizer ?? null);
    this.kernel_constraint = constraints.get(o.kernel_constraint ?? null);
    this.recurrent_constraint = constraints.get(o.recurrent_constraint ?? null);
    this.bias_constraint = constraints.get(o.bias_constraint ?? null);
    this.dropout = Math.min(1, Math.max(0, o.dropout ?? 0));
    this.recurrent_dropout = Math.min(1, Math.max(0, o.recurrent_dropout ?? 0));
    this._extra(o);
  }
  _extra(_o: CellArgs): void {}
  /** Sizes of the states ([units] or [units, units]). */
  get state_size(): number[] { return [this.units]; }
  get output_size(): number { return this.units; }
  override build(s: Shape): void {
    const d = s[s.length - 1];
    if (d == null) throw new InvalidArgumentError(msg(`${classNameOf(this)}: the feature dimension of the input must be known, got ${formatShape(s)}.`, `${classNameOf(this)}: 입력의 특성 차원 크기가 정해져 있어야 하는데 ${formatShape(s)}입니다.`));
    this.kernel = this.add_weight({ name: "kernel", shape: [d, this.gates * this.units], initializer: this.kernel_initializer, regularizer: this.kernel_regularizer, constraint: this.kernel_constraint, dtype: this._dtype });
    this.recurrent_kernel = this.add_weight({ name: "recurrent_kernel", shape: [this.units, this.gates * this.units], initializer: this.recurrent_initializer, regularizer: this.recurrent_regularizer, constraint: this.recurrent_constraint, dtype: this._dtype });
    if (this.use_bias) this.buildBias();
    this.built = true;
  }
  buildBias(): void {
    this.bias = this.add_weight({ name: "bias", shape: [this.gates * this.units], initializer: this.bias_initializer, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
  }
  /** x·W (+ input bias) for every timestep at once: [B, T, D] -> [B, T, G·U]. */
  projectInputs(x: Tensor): Tensor {
    const [b, t, d] = x.shape;
    let xx = x;
    if (this._dropMask) xx = m.multiply(xx, arr.expand_dims(this._dropMask, 1));
    let p = matmul(arr.reshape(xx, [b * t, d]), V(this.kernel));
    if (this.bias && this.inputBias) p = nn.bias_add(p, this.inputBias());
    return arr.reshape(p, [b, t, this.gates * this.units]);
  }
  /** The bias added to the input projection (all of it, except GRU with reset_after). */
  inputBias: (() => TensorLike) | null = () => V(this.bias);
  /** One timestep: the projected input and the previous states -> [output, new states]. */
  abstract step(xp: Tensor, states: Tensor[]): [Tensor, Tensor[]];
  /** Keras-style `call(inputs, states, training)` for a single step. */
  override call(inputs: Tensor, _training?: boolean, kwargs?: CallKwargs): any {
    const states = (kwargs?.states as Tensor[]) ?? this.state_size.map((u) => zeros([inputs.shape[0], u], this._dtype));
    const xp = this.projectInputs(arr.expand_dims(castInputs(inputs, this._dtype), 1));
    return this.step(arr.squeeze(xp, 1), states);
  }
  recurrentInput(h: Tensor): Tensor { return this._recDropMask ? m.multiply(h, this._recDropMask) : h; }
  override get_config(): Record<string, unknown> {
    return {
      ...super.get_config(), units: this.units, activation: activations.serialize(this.activation), use_bias: this.use_bias,
      kernel_initializer: ser.init(this.kernel_initializer), recurrent_initializer: ser.init(this.recurrent_initializer), bias_initializer: ser.init(this.bias_initializer),
      kernel_regularizer: ser.reg(this.kernel_regularizer), recurrent_regularizer: ser.reg(this.recurrent_regularizer), bias_regularizer: ser.reg(this.bias_regularizer),
      kernel_constraint: ser.con(this.kernel_constraint), recurrent_constraint: ser.con(this.recurrent_constraint), bias_constraint: ser.con(this.bias_constraint),
      dropout: this.dropout, recurrent_dropout: this.recurrent_dropout,
    };
  }
}

/** `SimpleRNNCell(units, activation='tanh', ...)`: h = act(x·W + h·U + b). */
export class SimpleRNNCell extends Cell {
  static override className = "SimpleRNNCell";
  readonly gates = 1;
  constructor(...args: unknown[]) { super("SimpleRNNCell", args); }
  step(xp: Tensor, [h]: Tensor[]): [Tensor, Tensor[]] {
    const out = this.activation(m.add(xp, matmul(this.recurrentInput(h), V(this.recurrent_kernel))));
    return [out, [out]];
  }
}

/** `LSTMCell(units, activation='tanh', recurrent_activation='sigmoid', unit_forget_bias=True, ...)` */
export class LSTMCell extends Cell {
  static override className = "LSTMCell";
  readonly gates = 4;
  // Set by _extra() during the base constructor: `declare` keeps field initialisers from resetting them.
  declare recurrent_activation: activations.ActivationFn;
  declare unit_forget_bias: boolean;
  declare implementation: number;
  constructor(...args: unknown[]) { super("LSTMCell", args); }
  override _extra(o: CellArgs): void {
    this.recurrent_activation = activations.get(o.recurrent_activation ?? "sigmoid");
    this.unit_forget_bias = o.unit_forget_bias ?? true;
    this.implementation = o.implementation ?? 2;
  }
  override get state_size(): number[] { return [this.units, this.units]; }
  override buildBias(): void {
    let init: initializers.Initializer = this.bias_initializer;
    if (this.unit_forget_bias) {
      const u = this.units, base = this.bias_initializer;
      init = initializers.get((shape: number[], dtype?: unknown) => {
        void shape;
        const d = dtype as import("../../core/tensor/dtypes").DType;
        return arr.concat([base([u], d), ones([u], d), base([2 * u], d)], 0);
      });
    }
    this.bias = this.add_weight({ name: "bias", shape: [4 * this.units], initializer: init, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
  }
  step(xp: Tensor, [h, c]: Tensor[]): [Tensor, Tensor[]] {
    const z = m.add(xp, matmul(this.recurrentInput(h), V(this.recurrent_kernel)));
    const [zi, zf, zc, zo] = arr.split(z, 4, 1);
    const i = this.recurrent_activation(zi), f = this.recurrent_activation(zf), o = this.recurrent_activation(zo);
    const c2 = m.add(m.multiply(f, c), m.multiply(i, this.activation(zc)));
    const h2 = m.multiply(o, this.activation(c2));
    return [h2, [h2, c2]];
  }
  override get_config(): Record<string, unknown> {
    return { ...super.get_config(), recurrent_activation: activations.serialize(this.recurrent_activation), unit_forget_bias: this.unit_forget_bias, implementation: this.implementation };
  }
}

/** `GRUCell(units, activation='tanh', recurrent_activation='sigmoid', ..., reset_after=True)` */
export class GRUCell extends Cell {
  static override className = "GRUCell";
  readonly gates = 3;
  declare recurrent_activation: activations.ActivationFn;
  declare reset_after: boolean;
  declare implementation: number;
  constructor(...args: unknown[]) { super("GRUCell", args); }
  override _extra(o: CellArgs): void {
    this.recurrent_activation = activations.get(o.recurrent_activation ?? "sigmoid");
    this.reset_after = o.reset_after ?? true;
    this.implementation = o.implementation ?? 2;
    if (this.reset_after) this.inputBias = () => arr.gather(V(this.bias), 0);
  }
  override buildBias(): void {
    const shape = this.reset_after ? [2, 3 * this.units] : [3 * this.units];
    this.bias = this.add_weight({ name: "bias", shape, initializer: this.bias_initializer, regularizer: this.bias_regularizer, constraint: this.bias_constraint, dtype: this._dtype });
  }
  step(xp: Tensor, [h]: Tensor[]): [Tensor, Tensor[]] {
    const u = this.units;
    const [xz, xr, xh] = arr.split(xp, 3, 1);
    const hr = this.recurrentInput(h);
    let z: Tensor, r: Tensor, hh: Tensor;
    if (this.reset_after) {
      let rec = matmul(hr, V(this.recurrent_kernel));
      if (this.bias) rec = m.add(rec, arr.gather(V(this.bias), 1));
      const [rz, rr, rh] = arr.split(rec, 3, 1);
      z = this.recurrent_activation(m.add(xz, rz));
      r = this.recurrent_activation(m.add(xr, rr));
      hh = this.activation(m.add(xh, m.multiply(r, rh)));
    } else {
      const rk = V(this.recurrent_kernel);
      const uz = arr.slice(rk, [0, 0], [u, u]), ur = arr.slice(rk, [0, u], [u, u]), uh = arr.slice(rk, [0, 2 * u], [u, u]);
      z = this.recurrent_activation(m.add(xz, matmul(hr, uz)));
      r = this.recurrent_activation(m.add(xr, matmul(hr, ur)));
      hh = this.activation(m.add(xh, matmul(m.multiply(r, hr), uh)));
    }
    const h2 = m.add(m.multiply(z, h), m.multiply(m.subtract(m.onesLike(z), z), hh));
    return [h2, [h2]];
  }
  override get_config(): Record<string, unknown> {
    return { ...super.get_config(), recurrent_activation: activations.serialize(this.recurrent_activation), reset_after: this.reset_after, implementation: this.implementation };
  }
}

interface RNNArgs { cell?: Layer; return_sequences?: boolean; return_state?: boolean; go_backwards?: boolean; stateful?: boolean; unroll?: boolean; time_major?: boolean; zero_output_for_mask?: boolean }
const RNN_KEYS = ["return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major", "zero_output_for_mask"];

/** `RNN(cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False)` */
export class RNN extends Layer {
  static override className = "RNN";
  cell: Layer & { state_size: number[]; output_size?: number; step?: (xp: Tensor, s: Tensor[]) => [Tensor, Tensor[]] };
  return_sequences!: boolean; return_state!: boolean; go_backwards!: boolean; stateful!: boolean; unroll!: boolean; time_major!: boolean; zero_output_for_mask!: boolean;

  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<RNNArgs>("RNN", args, ["cell", "return_sequences", "return_state", "go_backwards", "stateful", "unroll", "time_major"], RNN_KEYS);
    super(base);
    const cell = o.cell;
    if (!(cell instanceof Layer) || !Array.isArray((cell as unknown as { state_size?: unknown }).state_size)) {
      throw new InvalidArgumentError(msg("RNN: `cell` must be an RNN cell layer with a `state_size` (e.g. new tf.keras.layers.LSTMCell(32)).", "RNN: `cell`은 `state_size`가 있는 RNN 셀 층이어야 합니다 (예: new tf.keras.layers.LSTMCell(32))."));
    }
    this.cell = cell as RNN["cell"];
    this._initRNN(o);
  }
  _initRNN(o: RNNArgs): void {
    this.return_sequences = !!o.return_sequences; this.return_state = !!o.return_state; this.go_backwards = !!o.go_backwards;
    this.stateful = !!o.stateful; this.unroll = !!o.unroll; this.time_major = !!o.time_major; this.zero_output_for_mask = !!o.zero_output_for_mask;
    if (this.stateful) throw new InvalidArgumentError(msg("RNN: stateful=True is not supported; carry states yourself with return_state and initial_state.", "RNN: stateful=True는 지원하지 않습니다. return_state와 initial_state로 상태를 직접 넘기세요."));
    if (this.time_major) throw new InvalidArgumentError(msg("RNN: time_major=True is not supported; use [batch, time, features] inputs.", "RNN: time_major=True는 지원하지 않습니다. [batch, time, features] 입력을 쓰세요."));
    this.input_spec = new InputSpec({ ndim: 3 });
    this.supports_masking = true;
  }
  override build(s: Shape | Shape[]): void {
    const xs = (Array.isArray(s[0]) ? s[0] : s) as Shape;
    if (!this.cell.built) { this.cell.build([xs[0], xs[2]]); this.cell.built = true; }
    this.built = true;
  }
  /** Weights are named like TensorFlow.js names them (`lstm/kernel`): the cell is an implementation detail. */
  override _weightPath(w: Variable): string | null { return this.cell._weightPath(w) ?? super._weightPath(w); }
  override call(inputs: any, training?: boolean, kwargs?: CallKwargs): any {
    let x: Tensor = Array.isArray(inputs) ? inputs[0] : inputs;
    let initial = (kwargs?.initial_state as Tensor[] | Tensor | undefined) ?? (Array.isArray(inputs) && inputs.length > 1 ? inputs.slice(1) : undefined);
    x = castInputs(x, this._dtype);
    const [b, T] = x.shape;
    const stateSize = this.cell.state_size;
    let states: Tensor[];
    if (initial != null) {
      states = Array.isArray(initial) ? initial : [initial];
      if (states.length !== stateSize.length) {
        throw new InvalidArgumentError(msg(
          `An \`initial_state\` was passed that is not compatible with \`cell.state_size\`. Received \`state_spec\`=${states.length} states; however \`cell.state_size\` is ${JSON.stringify(stateSize)}`,
          `initial_state의 개수(${states.length})가 cell.state_size ${JSON.stringify(stateSize)}와 맞지 않습니다.`,
        ));
      }
    } else states = stateSize.map((u) => zeros([b, u], this._dtype));
    const maskIn = kwargs?.mask;
    const mask = Array.isArray(maskIn) ? maskIn[0] : maskIn ?? null;
    const cell = this.cell as unknown as Cell;
    const builtin = cell instanceof Cell;
    if (builtin) {
      cell._dropMask = training && cell.dropout > 0 ? nn.dropout(ones([b, x.shape[2]], this._dtype), cell.dropout) : null;
      cell._recDropMask = training && cell.recurrent_dropout > 0 ? nn.dropout(ones([b, cell.units], this._dtype), cell.recurrent_dropout) : null;
    }
    const steps = builtin ? arr.unstack(cell.projectInputs(x), { axis: 1 }) : arr.unstack(x, { axis: 1 });
    const masks = mask ? arr.unstack(arr.expand_dims(m.cast(mask, this._dtype), -1), { axis: 1 }) : null;
    const order = Array.from({ length: T }, (_, i) => (this.go_backwards ? T - 1 - i : i));
    const outs: Tensor[] = [];
    let last: Tensor | null = null;
    for (const t of order) {
      let [out, next] = builtin ? cell.step(steps[t], states) : (this.cell.__call__(steps[t], { states }) as [Tensor, Tensor[]]);
      if (masks) {
        const keep = masks[t];
        const prevOut = last ?? m.zerosLike(out);
        next = next.map((s, i) => m.add(m.multiply(s, keep), m.multiply(states[i], m.subtract(m.onesLike(keep), keep))));
        out = this.zero_output_for_mask ? m.multiply(out, keep) : m.add(m.multiply(out, keep), m.multiply(prevOut, m.subtract(m.onesLike(keep), keep)));
      }
      states = next;
      last = out;
      if (this.return_sequences) outs.push(out);
    }
    if (builtin) { cell._dropMask = null; cell._recDropMask = null; }
    const output = this.return_sequences ? arr.stack(outs, 1) : last!;
    return this.return_state ? [output, ...states] : output;
  }
  override compute_mask(_inputs: any, mask?: Tensor | Tensor[] | null): Tensor | Tensor[] | null {
    const mk = Array.isArray(mask) ? mask[0] : mask ?? null;
    const out = this.return_sequences ? mk : null;
    if (this.return_state) return [out as Tensor, ...this.cell.state_size.map(() => null as unknown as Tensor)];
    return out;
  }
  override _producesMask(inputHasMask: boolean): boolean { return inputHasMask && this.return_sequences; }
  override compute_output_shape(s: Shape | Shape[]): Shape | Shape[] {
    const xs = (Array.isArray(s[0]) ? s[0] : s) as Shape;
    const units = this.cell.output_size ?? this.cell.state_size[0];
    const out: Shape = this.return_sequences ? [xs[0], xs[1], units] : [xs[0], units];
    if (this.return_state) return [out, ...this.cell.state_size.map((u) => [xs[0], u] as Shape)];
    return out;
  }
  override _outputDType() { return this._dtype; }
  override get_config(): Record<string, unknown> {
    return {
      ...super.get_config(), return_sequences: this.return_sequences, return_state: this.return_state, go_backwards: this.go_backwards,
      stateful: this.stateful, unroll: this.unroll, time_major: this.time_major,
      cell: { class_name: classNameOf(this.cell), config: this.cell.get_config() },
    };
  }
  static override from_config<T extends Layer>(this: new (...a: any[]) => T, config: Record<string, unknown>): T {
    const c = { ...config };
    const cc = c.cell as { class_name: string; config: Record<string, unknown> } | undefined;
    if (cc && typeof cc === "object") {
      const cls = CELLS[cc.class_name];
      if (!cls) throw new InvalidArgumentError(msg(`Unknown RNN cell class '${cc.class_name}'.`, `알 수 없는 RNN 셀 클래스 '${cc.class_name}'입니다.`));
      c.cell = new cls({ ...cc.config });
    }
    return new this(c);
  }
}

/** RNN layers with a built-in cell: the cell's arguments are the layer's (as in Keras). */
function rnnWithCell<C extends Cell>(className: string, CellCls: new (...a: any[]) => C, cellName: string, extraKeys: string[]) {
  return class extends RNN {
    static override className = className;
    constructor(...args: unknown[]) {
      const [o, base] = bindLayerArgs<CellArgs & RNNArgs>(className, args, ["units", "activation"], [...CELL_KEYS, ...RNN_KEYS, ...extraKeys]);
      const cellOpts: Record<string, unknown> = { name: cellName, dtype: base.dtype };
      for (const k of CELL_KEYS) if ((o as Record<string, unknown>)[k] !== undefined) cellOpts[k] = (o as Record<string, unknown>)[k];
      const rnnOpts: Record<string, unknown> = {};
      for (const k of RNN_KEYS) if ((o as Record<string, unknown>)[k] !== undefined) rnnOpts[k] = (o as Record<string, unknown>)[k];
      super({ ...base, ...rnnOpts, cell: new CellCls(cellOpts) });
    }
    override get_config(): Record<string, unknown> {
      const c: Record<string, unknown> = { ...super.get_config() };
      const cellCfg: Record<string, unknown> = { ...this.cell.get_config() };
      delete c.cell; delete cellCfg.name; delete cellCfg.trainable; delete cellCfg.dtype; delete cellCfg.batch_input_shape;
      return { ...c, ...cellCfg };
    }
    static override from_config<T extends Layer>(this: new (...a: any[]) => T, config: Record<string, unknown>): T {
      const c = { ...config };
      delete c.cell;
      return new this(c);
    }
  };
}
/** `SimpleRNN(units, activation='tanh', use_bias=True, ..., return_sequences=False, return_state=False, go_backwards=False)` */
export const SimpleRNN = rnnWithCell("SimpleRNN", SimpleRNNCell, "simple_rnn_cell", []);
/** `LSTM(units, activation='tanh', recurrent_activation='sigmoid', ..., unit_forget_bias=True, ..., return_sequences=False, ...)` */
export const LSTM = rnnWithCell("LSTM", LSTMCell, "lstm_cell", []);
/** `GRU(units, activation='tanh', recurrent_activation='sigmoid', ..., reset_after=True)` */
export const GRU = rnnWithCell("GRU", GRUCell, "gru_cell", []);
export type SimpleRNN = InstanceType<typeof SimpleRNN>;
export type LSTM = InstanceType<typeof LSTM>;
export type GRU = InstanceType<typeof GRU>;

const CELLS: Record<string, new (...a: any[]) => Cell> = { SimpleRNNCell, LSTMCell, GRUCell };

/** `Bidirectional(layer, merge_mode='concat', weights=None, backward_layer=None)` */
export class Bidirectional extends Layer {
  static override className = "Bidirectional";
  forward_layer: RNN; backward_layer: RNN; merge_mode: "concat" | "sum" | "mul" | "ave" | null; return_sequences: boolean; return_state: boolean;
  constructor(...args: unknown[]) {
    const [o, base] = bindLayerArgs<{ layer?: RNN; merge_mode?: "concat" | "sum" | "mul" | "ave" | null; backward_layer?: RNN | null }>("Bidirectional", args, ["layer", "merge_mode", "weights", "backward_layer"]);
    super(base);
    const layer = o.layer;
    if (!(layer instanceof RNN)) throw new InvalidArgumentError(msg("Bidirectional: `layer` must be an RNN layer instance (LSTM, GRU, SimpleRNN, RNN).", "Bidirectional: `layer`는 RNN 층(LSTM, GRU, SimpleRNN, RNN) 인스턴스여야 합니다."));
    const mode = o.merge_mode === undefined ? "concat" : o.merge_mode;
    if (!["concat", "sum", "mul", "ave", null].includes(mode)) {
      throw new InvalidArgumentError(msg(`Invalid merge mode. Received: ${mode}. Merge mode should be one of {"sum", "mul", "ave", "concat", null}`, `merge_mode는 "sum", "mul", "ave", "concat", null 중 하나여야 합니다. 받은 값: ${mode}`));
    }
    this.merge_mode = mode;
    const cls = layer.constructor as unknown as { from_config: (c: Record<string, unknown>) => RNN };
    const fcfg = { ...layer.get_config(), name: `forward_${layer.name}` };
    this.forward_layer = cls.from_config(fcfg);
    this.backward_layer = o.backward_layer ?? cls.from_config({ ...layer.get_config(), name: `backward_${layer.name}`, go_backwards: !layer.go_backwards });
    this.return_sequences = layer.return_sequences;
    this.return_state = layer.return_state;
    this.supports_masking = true;
    this.input_spec = new InputSpec({ ndim: 3 });
  }
  override build(s: Shape): void {
    this.forward_layer.build(s); this.forward_layer.built = true;
    this.backward_layer.build(s); this.backward_layer.built = true;
    this.built = true;
  }
  override call(inputs: Tensor, training?: boolean, kwargs?: CallKwargs): any {
    const kw = { training, mask: kwargs?.mask ?? null };
    const f = this.forward_layer.call(inputs, training, kw);
    const bRaw = this.backward_layer.call(inputs, training, kw);
    const fy = this.return_state ? (f as Tensor[])[0] : (f as Tensor);
    let by = this.return_state ? (bRaw as Tensor[])[0] : (bRaw as Tensor);
    if (this.return_sequences) by = arr.reverse(by, [1]);
    let y: Tensor | Tensor[];
    switch (this.merge_mode) {
      case "concat": y = arr.concat([fy, by], -1); break;
      case "sum": y = m.add(fy, by); break;
      case "mul": y = m.multiply(fy, by); break;
      case "ave": y = m.multiply(m.add(fy, by), m.scalarLike(0.5, fy)); break;
      default: y = [fy, by];
    }
    if (this.return_state) {
      const fs = (f as Tensor[]).slice(1), bs = (bRaw as Tensor[]).slice(1);
      return Array.isArray(y) ? [...y, ...fs, ...bs] : [y, ...fs, ...bs];
    }
    return y;
  }
  override compute_mask(_inputs: any, mask?: Tensor | Tensor[] | null): Tensor | Tensor[] | null {
    if (!this.return_sequences) return null;
    return (Array.isArray(mask) ? mask[0] : mask) ?? null;
  }
  override _producesMask(inputHasMask: boolean): boolean { return inputHasMask && this.return_sequences; }
  override compute_output_shape(s: Shape): any {
    const o = this.forward_layer.compute_output_shape(s);
    const out = (this.return_state ? (o as Shape[])[0] : o) as Shape;
    const states = this.return_state ? (o as Shape[]).slice(1) : [];
    let y: Shape | Shape[];
    if (this.merge_mode === "concat") y = [...out.slice(0, -1), out[out.length - 1] == null ? null : (out[out.length - 1] as number) * 2];
    else if (this.merge_mode === null) y = [out, out];
    else y = out;
    if (this.return_state) return this.merge_mode === null ? [...(y as Shape[]), ...states, ...states] : [y as Shape, ...states, ...states];
    return y;
  }
  override _outputDType() { return this._dtype; }
  override get_config(): Record<string, unknown> {
    const fl = this.forward_layer;
    const inner = { ...fl.get_config(), name: fl.name.replace(/^forward_/, "") };
    return { ...super.get_config(), layer: { class_name: classNameOf(fl), config: inner }, merge_mode: this.merge_mode };
  }
  static override from_config<T extends Layer>(this: new (...a: any[]) => T, config: Record<string, unknown>): T {
    const c = { ...config };
    const lc = c.layer as { class_name: string; config: Record<string, unknown> };
    const cls = RNN_CLASSES()[lc?.class_name];
    if (!cls) throw new InvalidArgumentError(msg(`Bidirectional: unknown wrapped layer class '${lc?.class_name}'.`, `Bidirectional: 감싼 층 클래스 '${lc?.class_name}'를 알 수 없습니다.`));
    c.layer = (cls as unknown as { from_config: (c: Record<string, unknown>) => RNN }).from_config({ ...lc.config });
    delete c.backward_layer;
    return new this(c);
  }
}
const RNN_CLASSES = (): Record<string, unknown> => ({ RNN, SimpleRNN, LSTM, GRU });
