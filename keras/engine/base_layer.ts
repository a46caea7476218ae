/**
 * `tf.keras.layers.Layer`: weights, build-on-first-call, eager calls on tensors and symbolic calls
 * on KerasTensors (recording a Node for functional models), training-mode propagation, masks,
 * regularisation losses, configs.
 *
 * Layers are callable like Python's: `new Dense(10)(x)`; `layer.apply(x)` is the same call.
 * Inside `call(inputs, training, kwargs)` the layer computes with ops on eager tensors.
 */
import { Tensor } from "../../core/tensor/tensor";
import { NDArray } from "../../core/tensor/ndarray";
import { DType, DTypeLike, asDType, float32 } from "../../core/tensor/dtypes";
import { formatShape } from "../../core/tensor/shape";
import { toTensor, TensorLike, constant } from "../../core/ops/convert";
import { zeros } from "../../core/ops/creation";
import * as math from "../../core/ops/math";
import { Variable } from "../../core/variable";
import { InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import { makeCallable, classNameOf } from "../utils/callable";
import { toSnakeCase, uniqueObjectName, floatx } from "../backend";
import * as initializers from "../initializers";
import * as regularizers from "../regularizers";
import * as constraints from "../constraints";
import { KerasTensor, flatten, mapStructure, packSequenceAs, isPlainObject, Shape } from "./keras_tensor";
import { Node } from "./node";

export type { Shape };
export type ShapeStructure = Shape | Shape[] | Record<string, Shape>;

/** Keyword arguments every layer takes (Keras's base Layer **kwargs). */
export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  dtype?: DTypeLike | null;
  input_shape?: (number | null)[];
  batch_input_shape?: (number | null)[];
  batch_size?: number | null;
  input_dim?: number;
  weights?: (NDArray | TensorLike)[];
  activity_regularizer?: regularizers.RegularizerIdentifier | null;
  dynamic?: boolean;
  autocast?: boolean;
}
export const BASE_KEYS = ["name", "trainable", "dtype", "input_shape", "batch_input_shape", "batch_size", "input_dim", "weights", "activity_regularizer", "dynamic", "autocast"];

/** What `layer(inputs, kwargs)` accepts besides the inputs. */
export interface CallKwargs {
  training?: boolean | null;
  mask?: Tensor | Tensor[] | null;
  [key: string]: unknown;
}

/** Keras's InputSpec: checked on every call, so a wrong input fails with the layer's name. */
export class InputSpec {
  dtype?: DType; shape?: Shape; ndim?: number; max_ndim?: number; min_ndim?: number; axes?: Record<number, number | null>; allow_last_axis_squeeze?: boolean;
  constructor(o: { dtype?: DType; shape?: Shape; ndim?: number; max_ndim?: number; min_ndim?: number; axes?: Record<number, number | null>; allow_last_axis_squeeze?: boolean } = {}) {
    Object.assign(this, o);
    if (o.shape) this.ndim = o.shape.length;
  }
}

/** The training flag of the enclosing layer call (Keras's call context). */
const trainingStack: boolean[] = [];
/** Masks attached to eager outputs (Keras's `_keras_mask`). */
export const tensorMasks = new WeakMap<object, Tensor | null>();

let defaultDType: DType | null = null;
export function layerDType(d: DTypeLike | null | undefined): DType {
  if (d != null) return asDType(d);
  return defaultDType ?? asDType(floatx() as DTypeLike);
}

/** Converts call inputs to tensors, keeping arrays/objects of inputs as structures. */
function toTensors(x: unknown, layer: string): unknown {
  if (x instanceof Tensor) return x;
  if (x instanceof NDArray || ArrayBuffer.isView(x) || typeof x === "number") return toTensor(x as TensorLike, layer);
  if (x instanceof Variable) return x;
  if (Array.isArray(x)) {
    // An array of tensors is a list of inputs; a nested number array is one tensor.
    if (x.length && x.every((e) => e instanceof Tensor || e instanceof NDArray || e instanceof Variable || e instanceof KerasTensor)) return x.map((e) => toTensors(e, layer));
    return toTensor(x as TensorLike, layer);
  }
  if (isPlainObject(x)) return mapStructure(x, (e) => toTensors(e, layer));
  return x;
}

function shapeOf(x: unknown): Shape { return (x as { shape: Shape }).shape; }

export interface Layer {
  (inputs: unknown, kwargs?: CallKwargs | boolean): any;
}

/**
 * Each layer's tracked sublayers while a Keras fit runs, from its second step on (the first may
 * build the model): a training step asks for them several times (losses, _clearLosses), and the
 * attribute walk costs microseconds per layer. TF's fit traces its train function once, so a
 * layer attached mid-fit does not join that fit there either. Null: no cache (the walk every time).
 */
let sublayerCache: WeakMap<Layer, Layer[]> | null = null;
export function cacheSublayers(on: boolean): void { sublayerCache = on ? new WeakMap() : null; }

export class Layer {
  static className = "Layer";
  declare name: string;
  declare built: boolean;
  declare supports_masking: boolean;
  declare input_spec: InputSpec | InputSpec[] | null;
  declare _trainable: boolean;
  declare _dtype: DType;
  declare _batch_input_shape: Shape | null;
  declare _inbound_nodes: Node[];
  declare _outbound_nodes: Node[];
  declare _trainable_weights: Variable[];
  declare _non_trainable_weights: Variable[];
  declare _regularized: [Variable, regularizers.Regularizer][];
  declare _weight_constraints: Map<Variable, constraints.Constraint>;
  declare _callable_losses: (() => Tensor)[];
  declare _eager_losses: Tensor[];
  declare activity_regularizer: regularizers.Regularizer | null;
  declare _initial_weights: (NDArray | TensorLike)[] | null;
  declare _build_input_shape: ShapeStructure | null;
  declare _name_given: boolean;
  /** Options the constructor was given (for error messages and configs). */
  declare _dynamic: boolean;
  declare _call_depth: number;

  constructor(args: LayerArgs = {}) {
    const self = makeCallable<Layer>(new.target.prototype);
    checkOptions(classNameOf(self), args, BASE_KEYS);
    self._name_given = args.name != null;
    self.name = args.name ?? uniqueObjectName(self._baseName());
    self.built = false;
    self.supports_masking = false;
    self.input_spec = null;
    self._trainable = args.trainable ?? true;
    self._dtype = layerDType(args.dtype);
    self._inbound_nodes = [];
    self._outbound_nodes = [];
    self._trainable_weights = [];
    self._non_trainable_weights = [];
    self._regularized = [];
    self._weight_constraints = new Map();
    self._callable_losses = [];
    self._eager_losses = [];
    self.activity_regularizer = regularizers.get(args.activity_regularizer ?? null);
    self._initial_weights = args.weights ?? null;
    self._build_input_shape = null;
    self._dynamic = !!args.dynamic;
    self._call_depth = 0;
    let bis: Shape | null = null;
    if (args.batch_input_shape) bis = [...args.batch_input_shape];
    else if (args.input_shape) bis = [args.batch_size ?? null, ...args.input_shape];
    else if (args.input_dim != null) bis = [args.batch_size ?? null, args.input_dim];
    self._batch_input_shape = bis;
    return self;
  }

  /** Default name stem (`dense`, `conv2d`, ...). */
  _baseName(): string { return toSnakeCase(classNameOf(this)); }

  get trainable(): boolean { return this._trainable; }
  set trainable(v: boolean) {
    this._trainable = v;
    for (const l of this._sublayers()) l.trainable = v;
  }
  get dtype(): string { return this._dtype.name; }
  get compute_dtype(): string { return this._dtype.name; }
  get dynamic(): boolean { return this._dynamic; }

  // ---------------------------------------------------------------- overridable
  /** Creates the weights once the input shape is known. */
  build(input_shape: any): void { void input_shape; this.built = true; }
  /** The computation. `training` is resolved (explicit, else the enclosing call's, else false). */
  call(inputs: any, training?: boolean, kwargs?: CallKwargs): any { void training; void kwargs; return inputs; }
  /**
   * Output shape for an input shape (None = null). The default runs `call` on zeros with each
   * unknown dimension set to 1 and then 2, and marks the dimensions that changed as unknown.
   */
  compute_output_shape(input_shape: any): any { return this._inferOutputShape(input_shape); }
  compute_mask(_inputs: any, mask?: Tensor | Tensor[] | null): Tensor | Tensor[] | null {
    if (!this.supports_masking) return null;
    return mask ?? null;
  }
  /** Output dtype of a symbolic call. */
  _outputDType(inputDTypes: DType[]): DType {
    const d = inputDTypes[0];
    return d && d.kind !== "f" ? d : this._dtype;
  }

  // ---------------------------------------------------------------- weights
  /**
   * `add_weight(name=None, shape=None, dtype=None, initializer=None, regularizer=None,
   * trainable=None, constraint=None)`
   */
  add_weight(
    name?: string | AddWeightOptions, shape?: (number | null)[], dtype?: DTypeLike | null, initializer?: initializers.InitializerIdentifier | null,
    regularizer?: regularizers.RegularizerIdentifier | null, trainable?: boolean | null, constraint?: constraints.ConstraintIdentifier | null,
  ): Variable {
    let o: AddWeightOptions;
    if (typeof name === "object" && name !== null) { checkOptions("add_weight", name, ADD_WEIGHT_KEYS); o = name; }
    else o = { name, shape, dtype, initializer, regularizer, trainable, constraint };
    const wshape = (o.shape ?? []).map((d) => {
      if (d == null || !Number.isInteger(d) || d < 0) {
        throw new InvalidArgumentError(msg(
          `${this.name}: cannot create weight '${o.name}' with shape ${formatShape(o.shape ?? [])}: every dimension must be a known non-negative integer. Give the layer an input shape (input_shape=...) or call it on data first.`,
          `${this.name}: 가중치 '${o.name}'를 형태 ${formatShape(o.shape ?? [])}로 만들 수 없습니다: 모든 차원이 정해진 0 이상의 정수여야 합니다. 층에 input_shape를 주거나 먼저 데이터로 호출하세요.`,
        ));
      }
      return d as number;
    });
    const wdtype = layerDType(o.dtype ?? this._dtype);
    const init = initializers.get(o.initializer ?? (wdtype.kind === "f" ? "glorot_uniform" : "zeros"));
    const trainableW = o.trainable ?? true;
    const value = init(wshape, wdtype);
    const v = new Variable(value, { name: `${this.name}/${o.name ?? "Variable"}`, trainable: trainableW, dtype: wdtype });
    (v as unknown as { _keras_name: string })._keras_name = o.name ?? "Variable";
    if (trainableW) this._trainable_weights.push(v); else this._non_trainable_weights.push(v);
    const reg = regularizers.get(o.regularizer ?? null);
    if (reg) this._regularized.push([v, reg]);
    const con = constraints.get(o.constraint ?? null);
    if (con) this._weight_constraints.set(v, con);
    return v;
  }

  /** Layers held in this layer's attributes (Keras's automatic tracking); looked up once per layer while a fit caches them (cacheSublayers). */
  _sublayers(): Layer[] {
    if (sublayerCache === null) return this._trackedSublayers();
    let c = sublayerCache.get(this);
    if (c === undefined) sublayerCache.set(this, (c = this._trackedSublayers()));
    return c;
  }
  /** The attribute walk behind _sublayers. */
  _trackedSublayers(): Layer[] {
    const out: Layer[] = [];
    const seen = new Set<Layer>();
    const visit = (v: unknown, depth: number): void => {
      if (v instanceof Layer) { if (!seen.has(v) && v !== this) { seen.add(v); out.push(v); } return; }
      if (depth > 2) return;
      if (Array.isArray(v)) for (const e of v) visit(e, depth + 1);
      else if (v instanceof Map) for (const e of v.values()) visit(e, depth + 1);
      else if (isPlainObject(v)) for (const k of Object.keys(v)) visit(v[k], depth + 1);
    };
    for (const key of Object.keys(this)) {
      if (SKIP_TRACKING.has(key)) continue;
      visit((this as unknown as Record<string, unknown>)[key], 0);
    }
    return out;
  }

  get trainable_weights(): Variable[] {
    if (!this.trainable) return [];
    return dedup([...this._trainable_weights, ...this._sublayers().flatMap((l) => l.trainable_weights)]);
  }
  get non_trainable_weights(): Variable[] {
    if (this.trainable) return dedup([...this._non_trainable_weights, ...this._sublayers().flatMap((l) => l.non_trainable_weights)]);
    return dedup([...this._trainable_weights, ...this._non_trainable_weights, ...this._sublayers().flatMap((l) => l.weights)]);
  }
  get weights(): Variable[] { return [...this.trainable_weights, ...this.non_trainable_weights]; }
  get variables(): Variable[] { return this.weights; }
  get trainable_variables(): Variable[] { return this.trainable_weights; }
  get non_trainable_variables(): Variable[] { return this.non_trainable_weights; }

  /**
   * Where `w` lives below this layer, as used in saved weight names: `kernel` for an own weight,
   * `forward_lstm/kernel` for a sublayer's. Null when `w` is not in this layer.
   */
  _weightPath(w: Variable): string | null {
    if (this._trainable_weights.includes(w) || this._non_trainable_weights.includes(w)) {
      return (w as unknown as { _keras_name?: string })._keras_name ?? w.name.replace(/:\d+$/, "").split("/").pop()!;
    }
    for (const l of this._sublayers()) {
      const p = l._weightPath(w);
      if (p !== null) return `${l.name}/${p}`;
    }
    return null;
  }

  /** Constraint attached to a weight by this layer or a sublayer. */
  _constraintFor(v: Variable): constraints.Constraint | undefined {
    const c = this._weight_constraints.get(v);
    if (c) return c;
    for (const l of this._sublayers()) { const s = l._constraintFor(v); if (s) return s; }
    return undefined;
  }

  /** `get_weights()`: the weights' values as NDArrays. */
  get_weights(): NDArray[] { return this.weights.map((w) => w.numpy()); }
  /** `set_weights(weights)`: checks every shape first, then assigns. */
  set_weights(weights: (NDArray | TensorLike)[]): void {
    const ws = this.weights;
    if (weights.length !== ws.length) {
      throw new InvalidArgumentError(msg(
        `You called set_weights(weights) on layer "${this.name}" with a weight list of length ${weights.length}, but the layer was expecting ${ws.length} weights.`,
        `층 "${this.name}"의 set_weights(weights)에 길이 ${weights.length}인 목록을 주었지만 이 층의 가중치는 ${ws.length}개입니다.`,
      ));
    }
    const values = weights.map((w, i) => {
      const t = toTensor(w, "set_weights", ws[i].dtype);
      if (formatShape(t.shape) !== formatShape(ws[i].shape)) {
        throw new InvalidArgumentError(msg(
          `Layer ${this.name} weight shape ${formatShape(ws[i].shape)} is not compatible with provided weight shape ${formatShape(t.shape)} (weight ${i}, '${ws[i].name}').`,
          `층 ${this.name}의 가중치 형태 ${formatShape(ws[i].shape)}와 주어진 값의 형태 ${formatShape(t.shape)}가 맞지 않습니다 (${i}번째, '${ws[i].name}').`,
        ));
      }
      return t;
    });
    ws.forEach((w, i) => w.assign(values[i]));
  }
  /** `count_params()` */
  count_params(): number {
    if (!this.built) {
      throw new InvalidArgumentError(msg(
        `You tried to call count_params on layer ${this.name}, but the layer isn't built. You can build it manually via: ${this.name}.build(batch_input_shape).`,
        `층 ${this.name}이(가) 아직 만들어지지(build) 않아 count_params를 호출할 수 없습니다. ${this.name}.build(batch_input_shape)로 직접 만드세요.`,
      ));
    }
    let n = 0;
    for (const w of this.weights) n += w.shape.reduce((a: number, b: number) => a * b, 1);
    return n;
  }

  // ---------------------------------------------------------------- losses
  /** `add_loss(loss)`: a tensor (this call's) or a zero-argument function (evaluated each step). */
  add_loss(loss: Tensor | (() => Tensor)): void {
    if (typeof loss === "function") this._callable_losses.push(loss);
    else this._eager_losses.push(loss);
  }
  /** Regularisation and added losses, computed now (so they join the current gradient tape). */
  get losses(): Tensor[] {
    const out: Tensor[] = [...this._eager_losses];
    for (const [v, r] of this._regularized) out.push(r(v as unknown as TensorLike));
    for (const f of this._callable_losses) out.push(f());
    for (const l of this._sublayers()) out.push(...l.losses);
    return out;
  }
  _clearLosses(): void {
    this._eager_losses = [];
    for (const l of this._sublayers()) l._clearLosses();
  }

  // ---------------------------------------------------------------- calling
  /** Same as calling the layer: `layer.apply(x)` == `layer(x)`. */
  apply(inputs: unknown, kwargs?: CallKwargs | boolean): any { return this.__call__(inputs, kwargs); }

  __call__(inputs: unknown, kwargs?: CallKwargs | boolean): any {
    const kw: CallKwargs = typeof kwargs === "boolean" ? { training: kwargs } : { ...(kwargs ?? {}) };
    const leaves = flatten<unknown>(inputs);
    if (leaves.length === 0) {
      throw new InvalidArgumentError(msg(`Layer ${this.name} was called without inputs.`, `층 ${this.name}을(를) 입력 없이 호출했습니다.`));
    }
    const symbolic = leaves.filter((x) => x instanceof KerasTensor).length;
    if (symbolic) {
      if (symbolic !== leaves.length) {
        throw new InvalidArgumentError(msg(
          `Layer ${this.name} was called with a mix of symbolic (KerasTensor) and eager inputs. In a functional model every input must come from tf.keras.Input or another layer.`,
          `층 ${this.name}에 심볼릭(KerasTensor) 입력과 즉시 실행 입력이 섞여 있습니다. 함수형 모델에서는 모든 입력이 tf.keras.Input이나 다른 층에서 와야 합니다.`,
        ));
      }
      return this._symbolicCall(inputs, kw);
    }
    return this._eagerCall(inputs, kw);
  }

  _shapesOf(inputs: unknown): ShapeStructure {
    return mapStructure(inputs, (t) => [...shapeOf(t)]) as ShapeStructure;
  }

  _maybeBuild(inputs: unknown): void {
    if (this.built) return;
    const shapes = this._shapesOf(inputs);
    this._assertInputCompatibility(inputs);
    this._build_input_shape = shapes;
    this.build(shapes);
    this.built = true;
    if (this._initial_weights) {
      this.set_weights(this._initial_weights);
      this._initial_weights = null;
    }
  }

  /** Checks inputs against `input_spec` with Keras's wording. */
  _assertInputCompatibility(inputs: unknown): void {
    if (!this.input_spec) return;
    const specs = Array.isArray(this.input_spec) ? this.input_spec : [this.input_spec];
    const xs = flatten<{ shape: Shape; dtype: DType }>(inputs);
    if (xs.length !== specs.length && specs.length > 1) {
      throw new InvalidArgumentError(msg(
        `Layer "${this.name}" expects ${specs.length} input(s), but it received ${xs.length} input tensors.`,
        `층 "${this.name}"은(는) 입력 ${specs.length}개를 받는데 ${xs.length}개가 들어왔습니다.`,
      ));
    }
    // Plain loops, no closures: every layer call of every training step runs this.
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i], x = xs[i];
      if (!x) continue;
      const s = x.shape, r = s.length;
      if (spec.ndim != null && r !== spec.ndim && !(spec.allow_last_axis_squeeze && Math.abs(r - spec.ndim) <= 1)) {
        this._inputSpecError(i, s, `expected ndim=${spec.ndim}, found ndim=${r}. Full shape received: ${formatShape(s)}`, `ndim=${spec.ndim}이어야 하는데 ndim=${r}입니다`);
      }
      if (spec.max_ndim != null && r > spec.max_ndim) this._inputSpecError(i, s, `expected max_ndim=${spec.max_ndim}, found ndim=${r}`, `최대 ndim=${spec.max_ndim}인데 ndim=${r}입니다`);
      if (spec.min_ndim != null && r < spec.min_ndim) this._inputSpecError(i, s, `expected min_ndim=${spec.min_ndim}, found ndim=${r}`, `최소 ndim=${spec.min_ndim}인데 ndim=${r}입니다`);
      if (spec.axes) {
        for (const ks in spec.axes) {
          const k = Number(ks), want = spec.axes[k];
          const d = s[k < 0 ? r + k : k];
          if (want != null && d != null && d !== want) {
            this._inputSpecError(i, s, `expected axis ${k} of input shape to have value ${want}`, `입력 형태의 ${k}번 축 크기가 ${want}이어야 합니다`);
          }
        }
      }
      const want = spec.shape;
      if (want) {
        for (let j = 0; j < want.length; j++) {
          if (want[j] != null && s[j] != null && s[j] !== want[j]) this._inputSpecError(i, s, `expected shape=${formatShape(want)}, found shape=${formatShape(s)}`, `형태 ${formatShape(want)}가 필요합니다`);
        }
      }
    }
  }
  /** Keras's input-spec error for input i of shape s. */
  _inputSpecError(i: number, s: Shape, en: string, ko: string): never {
    throw new InvalidArgumentError(msg(
      `Input ${i} of layer "${this.name}" is incompatible with the layer: ${en}, but received input with shape ${formatShape(s)}.`,
      `층 "${this.name}"의 ${i}번째 입력이 이 층과 맞지 않습니다: ${ko}. 받은 입력의 형태는 ${formatShape(s)}입니다.`,
    ));
  }

  _resolveTraining(kw: CallKwargs): boolean {
    if (kw.training != null) return !!kw.training;
    if (trainingStack.length) return trainingStack[trainingStack.length - 1];
    return false;
  }

  _eagerCall(inputs: unknown, kw: CallKwargs): any {
    const x = toTensors(inputs, this.name);
    this._maybeBuild(x);
    this._assertInputCompatibility(x);
    const training = this._resolveTraining(kw);
    let mask = kw.mask;
    if (mask === undefined) {
      const xs = flatten<object>(x), ms: (Tensor | null)[] = [];
      let any = false;
      for (let i = 0; i < xs.length; i++) {
        const t = xs[i], m = typeof t === "object" && t !== null ? tensorMasks.get(t) ?? null : null;
        ms.push(m as Tensor | null);
        if (m) any = true;
      }
      mask = any ? (ms.length === 1 ? ms[0] : (ms as Tensor[])) : null;
    }
    const outer = this._call_depth === 0 && trainingStack.length === 0;
    if (outer) this._clearLosses();
    // kw without `training` (a copy without `delete`, which would leave a slow dictionary object).
    const rest: CallKwargs = {};
    for (const key in kw) if (key !== "training") (rest as Record<string, unknown>)[key] = (kw as Record<string, unknown>)[key];
    rest.mask = mask;
    trainingStack.push(training);
    this._call_depth++;
    let out: any;
    try {
      out = this.call(x, training, rest);
    } finally {
      this._call_depth--;
      trainingStack.pop();
    }
    if (this.activity_regularizer) {
      for (const o of flatten<Tensor>(out)) {
        if (o instanceof Tensor) this._eager_losses.push(math.divide(this.activity_regularizer(o), math.cast(o.shape[0] ?? 1, o.dtype)));
      }
    }
    const outMask = this.compute_mask(x, mask ?? null);
    const outs = flatten<object>(out);
    if (outMask) {
      const masks = Array.isArray(outMask) ? outMask : [outMask];
      outs.forEach((o, i) => { if (typeof o === "object" && o !== null && masks[i]) tensorMasks.set(o, masks[i]); });
    }
    return out;
  }

  _symbolicCall(inputs: unknown, kw: CallKwargs): any {
    this._maybeBuild(inputs);
    this._assertInputCompatibility(inputs);
    const inShapes = this._shapesOf(inputs);
    const outShapes = this.compute_output_shape(inShapes);
    const inDTypes = flatten<KerasTensor>(inputs).map((t) => t.dtype);
    const dtype = this._outputDType(inDTypes);
    const single = Array.isArray(outShapes) && (outShapes.length === 0 || !Array.isArray(outShapes[0]));
    const hasMask = flatten<KerasTensor>(inputs).some((t) => t._has_mask);
    let i = 0;
    const make = (s: Shape) => {
      const kt = new KerasTensor(s, dtype, `${this.name}/${i === 0 ? "output" : `output_${i}`}`);
      i++;
      return kt;
    };
    const outputs = single ? make(outShapes as Shape) : mapShapes(outShapes, make);
    const producesMask = this._producesMask(hasMask);
    for (const kt of flatten<KerasTensor>(outputs)) kt._has_mask = producesMask;
    const kwargs = { ...kw };
    new Node(this, inputs, outputs, kwargs);
    return outputs;
  }

  /** Whether a symbolic call's outputs carry a mask. */
  _producesMask(inputHasMask: boolean): boolean { return this.supports_masking && inputHasMask; }

  /** The default `compute_output_shape`: probe `call` with zeros (see above). */
  _inferOutputShape(input_shape: any): any {
    const probe = (fill: number): any => {
      const xs = mapShapesDeep(input_shape, (s: Shape) => zeros(s.map((d) => d ?? fill), this._dtype.kind === "f" ? this._dtype : float32));
      trainingStack.push(false);
      try {
        const saved = this._eager_losses;
        const out = this.call(xs, false, { mask: null });
        this._eager_losses = saved;
        return mapStructure(out, (t: Tensor) => t.shape);
      } finally { trainingStack.pop(); }
    };
    let a: any, b: any;
    try {
      a = probe(1);
      b = probe(2);
    } catch (e) {
      throw new InvalidArgumentError(msg(
        `Layer ${this.name} (${classNameOf(this)}) could not infer its output shape for input shape ${describeShapes(input_shape)}: ${(e as Error).message}`,
        `층 ${this.name} (${classNameOf(this)})이(가) 입력 형태 ${describeShapes(input_shape)}에 대한 출력 형태를 추론하지 못했습니다: ${(e as Error).message}`,
      ));
    }
    const fa = flatten<number>(a), fb = flatten<number>(b);
    return packSequenceAs(a, fa.map((d, k) => (d === fb[k] ? d : null)));
  }

  // ---------------------------------------------------------------- node-derived properties
  _nodeProperty<T>(what: string, get: (n: Node) => T): T {
    if (!this._inbound_nodes.length) {
      throw new AttributeError(msg(
        `The layer "${this.name}" has never been called and thus has no defined ${what}.`,
        `층 "${this.name}"은(는) 아직 호출된 적이 없어서 ${what}이(가) 정해지지 않았습니다.`,
      ));
    }
    const all = new Set(this._inbound_nodes.map((n) => JSON.stringify(get(n), (_k, v) => (v instanceof KerasTensor ? `${v.name}${formatShape(v.shape)}` : v))));
    if (all.size > 1) {
      throw new AttributeError(msg(
        `The layer "${this.name}" has multiple inbound nodes, with different ${what}s. Hence the notion of "${what}" is ill-defined for the layer.`,
        `층 "${this.name}"은(는) 서로 다른 ${what}을(를) 가진 여러 입력 노드가 있어서 "${what}"이(가) 하나로 정해지지 않습니다.`,
      ));
    }
    return get(this._inbound_nodes[0]);
  }
  get output_shape(): Shape | Shape[] { return this._nodeProperty("output shape", (n) => n.output_shapes); }
  get input_shape(): Shape | Shape[] {
    if (!this._inbound_nodes.length && this._batch_input_shape) return this._batch_input_shape;
    return this._nodeProperty("input shape", (n) => (n.is_input ? n.output_shapes : n.input_shapes));
  }
  get input(): any { return this._nodeProperty("input", (n) => (n.is_input ? n.outputs : n.call_args)); }
  get output(): any { return this._nodeProperty("output", (n) => n.outputs); }
  get inbound_nodes(): Node[] { return this._inbound_nodes; }
  get outbound_nodes(): Node[] { return this._outbound_nodes; }

  // ---------------------------------------------------------------- config
  /** Keras's base config: name, trainable, (batch_input_shape), dtype. */
  get_config(): Record<string, unknown> {
    const c: Record<string, unknown> = { name: this.name, trainable: this.trainable };
    if (this._batch_input_shape) c.batch_input_shape = [...this._batch_input_shape];
    c.dtype = this._dtype.name;
    return c;
  }
  static from_config<T extends Layer>(this: new (...a: any[]) => T, config: Record<string, unknown>): T {
    return new this({ ...config });
  }

  toString(): string { return `<keras.layers.${classNameOf(this)} name=${this.name}, built=${this.built ? "True" : "False"}>`; }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }
}

export class AttributeError extends Error {
  constructor(message: string) { super(message); this.name = "AttributeError"; }
}

export interface AddWeightOptions {
  name?: string; shape?: (number | null)[]; dtype?: DTypeLike | null; initializer?: initializers.InitializerIdentifier | null;
  regularizer?: regularizers.RegularizerIdentifier | null; trainable?: boolean | null; constraint?: constraints.ConstraintIdentifier | null;
  use_resource?: boolean; synchronization?: unknown; aggregation?: unknown;
}
const ADD_WEIGHT_KEYS = ["name", "shape", "dtype", "initializer", "regularizer", "trainable", "constraint", "use_resource", "synchronization", "aggregation"];

const SKIP_TRACKING = new Set(["_inbound_nodes", "_outbound_nodes", "_trainable_weights", "_non_trainable_weights", "_regularized", "_weight_constraints",
  "_callable_losses", "_eager_losses", "_initial_weights", "input_spec", "_build_input_shape", "_batch_input_shape", "_dtype"]);

function dedup<T>(xs: T[]): T[] { return [...new Set(xs)]; }

/** Is `s` a single shape (an array of numbers/nulls)? */
export function isShape(s: unknown): s is Shape {
  return Array.isArray(s) && s.every((d) => d === null || typeof d === "number");
}
function mapShapes(s: unknown, fn: (s: Shape) => unknown): unknown {
  if (isShape(s)) return fn(s);
  if (Array.isArray(s)) return s.map((e) => mapShapes(e, fn));
  if (isPlainObject(s)) { const o: Record<string, unknown> = {}; for (const k of Object.keys(s)) o[k] = mapShapes(s[k], fn); return o; }
  return s;
}
export function mapShapesDeep(s: unknown, fn: (s: Shape) => unknown): unknown { return mapShapes(s, fn); }
export function describeShapes(s: unknown): string {
  if (isShape(s)) return formatShape(s);
  if (Array.isArray(s)) return `[${s.map(describeShapes).join(", ")}]`;
  return String(s);
}

/** Casts floating inputs to the layer's dtype and non-float ones too (Dense/Conv semantics). */
export function castInputs(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : math.cast(x, dtype);
}

export { constant };
