/**
 * `tf.keras.Model`: functional models (`new Model({ inputs, outputs })`), subclassed models
 * (`class M extends tf.keras.Model { call(x, training) {...} }`), and the training API:
 * compile / fit / evaluate / predict / *_on_batch / summary / save.
 *
 * fit() is async (it yields to the event loop between epochs, so finalizers and timers run);
 * evaluate() and predict() are synchronous (awaiting them works too).
 */
import { Tensor } from "../../core/tensor/tensor";
import { NDArray } from "../../core/tensor/ndarray";
import { allocArray } from "../../core/tensor/dtypes";
import { formatShape } from "../../core/tensor/shape";
import { toTensor, TensorLike } from "../../core/ops/convert";
import * as m from "../../core/ops/math";
import * as rnd from "../../core/ops/random";
import { zeros } from "../../core/ops/creation";
import { Variable } from "../../core/variable";
import { GradientTape } from "../../core/autodiff/tape";
import { collectGarbage, tidy } from "../../core/memory";
import { beginSpareStep, endSpareStep, settlePending } from "../../core/engine/spare";
import { InvalidArgumentError, msg, checkOptions } from "../../core/errors";
import { Layer, LayerArgs, CallKwargs, isShape, AttributeError, ShapeStructure, cacheSublayers } from "./base_layer";
import { KerasTensor, flatten, packSequenceAs, isPlainObject, Shape } from "./keras_tensor";
import { Node } from "./node";
import { InputLayer } from "./input_layer";
import * as losses from "../losses";
import * as metricsMod from "../metrics";
import * as optimizers from "../optimizers/optimizer";
import { Callback, CallbackList, History, ProgbarLogger, Logs } from "../callbacks";
import { printSummary, SummaryOptions } from "../utils/layer_utils";
import { classNameOf } from "../utils/callable";
import { topologyModule, saveModule } from "./hooks";
import { flattenData, sliceRows, gatherRows, splitLast, checkSameLength, classWeightsFor, toHostArray } from "./data_adapter";

export interface ModelArgs extends LayerArgs {
  inputs?: unknown;
  outputs?: unknown;
}

type LossSpec = losses.LossIdentifier | null;
export interface CompileArgs {
  optimizer?: optimizers.OptimizerIdentifier;
  loss?: LossSpec | LossSpec[] | Record<string, LossSpec>;
  metrics?: metricsMod.MetricIdentifier[] | Record<string, metricsMod.MetricIdentifier | metricsMod.MetricIdentifier[]> | (metricsMod.MetricIdentifier[] | metricsMod.MetricIdentifier)[] | null;
  loss_weights?: number[] | Record<string, number> | null;
  weighted_metrics?: metricsMod.MetricIdentifier[] | null;
  run_eagerly?: boolean | null;
  steps_per_execution?: number | null;
  jit_compile?: boolean | null;
}
const COMPILE_KEYS = ["optimizer", "loss", "metrics", "loss_weights", "weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile"];

export interface FitArgs {
  x?: unknown; y?: unknown;
  batch_size?: number | null; epochs?: number; verbose?: number | "auto"; callbacks?: Callback[] | null;
  validation_split?: number; validation_data?: unknown[] | null; shuffle?: boolean | "batch"; class_weight?: Record<number, number> | null;
  sample_weight?: unknown; initial_epoch?: number; steps_per_epoch?: number | null; validation_steps?: number | null;
  validation_batch_size?: number | null; validation_freq?: number | number[]; max_queue_size?: number; workers?: number; use_multiprocessing?: boolean;
}
const FIT_KEYS = ["x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split", "validation_data", "shuffle", "class_weight", "sample_weight",
  "initial_epoch", "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq", "max_queue_size", "workers", "use_multiprocessing"];
export interface EvaluateArgs {
  x?: unknown; y?: unknown; batch_size?: number | null; verbose?: number | "auto"; sample_weight?: unknown; steps?: number | null; callbacks?: Callback[] | null;
  max_queue_size?: number; workers?: number; use_multiprocessing?: boolean; return_dict?: boolean;
}
const EVALUATE_KEYS = ["x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks", "max_queue_size", "workers", "use_multiprocessing", "return_dict"];
export interface PredictArgs { x?: unknown; batch_size?: number | null; verbose?: number | "auto"; steps?: number | null; callbacks?: Callback[] | null; max_queue_size?: number; workers?: number; use_multiprocessing?: boolean }
const PREDICT_KEYS = ["x", "batch_size", "verbose", "steps", "callbacks", "max_queue_size", "workers", "use_multiprocessing"];

/** A plain object that is not data keyed by the model's input/output names: an options object. */
function isOptionsObject(v: unknown, dataNames: string[]): v is Record<string, unknown> {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return !(keys.length > 0 && keys.every((k) => dataNames.includes(k)));
}

/** One output's loss, its weight and metrics. */
interface OutputSlot {
  name: string;
  loss: losses.Loss | losses.LossFn | null;
  lossName: string;
  weight: number;
  metricSpecs: metricsMod.MetricIdentifier[];
  weightedSpecs: metricsMod.MetricIdentifier[];
  metrics: metricsMod.Metric[];
  weighted: metricsMod.Metric[];
  lossTracker: metricsMod.Mean;
}

export interface Model {
  (inputs: unknown, kwargs?: CallKwargs | boolean): any;
}

export class Model extends Layer {
  static override className = "Model";
  _isModel = true;
  _is_graph_network = false;
  inputs: KerasTensor[] = [];
  outputs: KerasTensor[] = [];
  _nested_inputs: unknown = null;
  _nested_outputs: unknown = null;
  _input_layers: InputLayer[] = [];
  _output_layers: Layer[] = [];
  _graph_layers: Layer[] = [];
  _nodes_by_depth = new Map<number, Node[]>();
  _network_nodes = new Set<Node>();
  /** Execution order of the graph's nodes. */
  _node_order: Node[] = [];

  optimizer: optimizers.Optimizer | null = null;
  compiled_loss: unknown = null;
  stop_training = false;
  history: History | null = null;
  _is_compiled = false;
  _outputSlots: OutputSlot[] = [];
  _compileArgs: CompileArgs | null = null;
  _lossSpec: CompileArgs["loss"] = null;
  _metricsSpec: CompileArgs["metrics"] = null;
  _lossTracker = new metricsMod.Mean({ name: "loss" });
  _metricsBuilt = false;
  _train_counter = 0;

  constructor(inputs?: unknown, outputs?: unknown, name?: string) {
    let args: ModelArgs = {};
    if (isPlainObject(inputs) && !(inputs instanceof KerasTensor) && outputs === undefined && ("inputs" in inputs || "outputs" in inputs || Object.keys(inputs).every((k) => [...MODEL_KEYS].includes(k)))) {
      args = inputs as ModelArgs;
    } else if (inputs !== undefined) {
      args = { inputs, outputs, name };
    }
    checkOptions(classNameOfCtor(new.target), args, MODEL_KEYS);
    const { inputs: ins, outputs: outs, ...rest } = args;
    super(rest);
    if (ins !== undefined || outs !== undefined) {
      if (ins === undefined || outs === undefined) {
        throw new InvalidArgumentError(msg("Model: give both inputs and outputs for a functional model (or neither, for a subclassed model).", "Model: 함수형 모델에는 inputs와 outputs를 둘 다 주세요 (서브클래싱 모델이면 둘 다 생략)."));
      }
      this._initGraphNetwork(ins, outs);
    }
  }

  // ---------------------------------------------------------------- graph network
  _initGraphNetwork(inputs: unknown, outputs: unknown): void {
    const ins = flatten<unknown>(inputs);
    const outs = flatten<unknown>(outputs);
    for (const [what, list] of [["inputs", ins], ["outputs", outs]] as const) {
      list.forEach((t, i) => {
        if (!(t instanceof KerasTensor)) {
          throw new InvalidArgumentError(msg(
            `Model ${what}[${i}] must be a symbolic tensor from tf.keras.Input or a layer call, got ${t instanceof Tensor ? "an eager tensor" : String(t)}. Build functional models with x = tf.keras.Input({ shape: [...] }) and y = layer.apply(x).`,
            `Model ${what}[${i}]은(는) tf.keras.Input이나 층 호출에서 나온 심볼릭 텐서여야 하는데 ${t instanceof Tensor ? "즉시 실행 텐서" : String(t)}입니다. x = tf.keras.Input({ shape: [...] }), y = layer.apply(x)처럼 만드세요.`,
          ));
        }
      });
    }
    const inKts = ins as KerasTensor[], outKts = outs as KerasTensor[];
    for (const t of inKts) {
      const layer = t._keras_history!.layer;
      if (!(layer instanceof InputLayer)) {
        throw new InvalidArgumentError(msg(
          `Model inputs must come from tf.keras.Input; '${t.name}' comes from layer '${layer.name}'.`,
          `Model 입력은 tf.keras.Input에서 와야 하는데 '${t.name}'은(는) 층 '${layer.name}'에서 나왔습니다.`,
        ));
      }
    }
    this._is_graph_network = true;
    this._nested_inputs = inputs;
    this._nested_outputs = outputs;
    this.inputs = inKts;
    this.outputs = outKts;
    this._input_layers = inKts.map((t) => t._keras_history!.layer as InputLayer);
    this._output_layers = outKts.map((t) => t._keras_history!.layer);

    // Keras's _map_graph_network: DFS from the outputs, then depths.
    const finished = new Set<Node>(), inProgress = new Set<Node>();
    const decreasing: Node[] = [];
    const layerIndices = new Map<Layer, number>();
    const visit = (t: KerasTensor): void => {
      const h = t._keras_history;
      if (!h) throw new InvalidArgumentError(msg(`Tensor ${t.name} was not produced by a layer.`, `텐서 ${t.name}은(는) 층에서 나오지 않았습니다.`));
      const node = h.layer._inbound_nodes[h.node_index];
      if (finished.has(node)) return;
      if (inProgress.has(node)) throw new InvalidArgumentError(msg(`Tensor ${t.name} from layer "${h.layer.name}" is part of a cycle.`, `층 "${h.layer.name}"의 텐서 ${t.name}이(가) 순환 구조에 있습니다.`));
      if (!layerIndices.has(h.layer)) layerIndices.set(h.layer, layerIndices.size);
      inProgress.add(node);
      if (!node.is_input) for (const kt of node.keras_inputs) visit(kt);
      finished.add(node);
      inProgress.delete(node);
      decreasing.push(node);
    };
    for (const t of outKts) visit(t);
    const nodeDepth = new Map<Node, number>(), layerDepth = new Map<Layer, number>();
    for (let i = decreasing.length - 1; i >= 0; i--) {
      const node = decreasing[i];
      let depth = nodeDepth.get(node) ?? 0;
      nodeDepth.set(node, depth);
      depth = Math.max(depth, layerDepth.get(node.layer) ?? 0);
      layerDepth.set(node.layer, depth);
      nodeDepth.set(node, depth);
      for (const p of node.parent_nodes) nodeDepth.set(p, Math.max(depth + 1, nodeDepth.get(p) ?? 0));
    }
    for (const l of this._input_layers) {
      if (!layerDepth.has(l)) { layerDepth.set(l, 0); layerIndices.set(l, -1); nodeDepth.set(l._inbound_nodes[0], 0); }
    }
    // Every input a node needs must be computable from the model inputs.
    const computable = new Set<KerasTensor>(inKts);
    const byDepth = new Map<number, Node[]>();
    for (const [node, d] of nodeDepth) { if (!byDepth.has(d)) byDepth.set(d, []); byDepth.get(d)!.push(node); }
    const depths = [...byDepth.keys()].sort((a, b) => b - a);
    const order: Node[] = [];
    for (const d of depths) {
      for (const node of byDepth.get(d)!) {
        if (!node.is_input) {
          for (const kt of node.keras_inputs) {
            if (!computable.has(kt)) {
              throw new InvalidArgumentError(msg(
                `Graph disconnected: cannot obtain value for tensor ${kt.name} at layer "${node.layer.name}". The following previous layers were accessed without issue: ${order.map((n) => n.layer.name).join(", ")}. Pass every tf.keras.Input the outputs depend on in \`inputs\`.`,
                `그래프가 끊어져 있습니다: 층 "${node.layer.name}"에서 텐서 ${kt.name}의 값을 구할 수 없습니다. 출력이 의존하는 모든 tf.keras.Input을 inputs에 넣으세요.`,
              ));
            }
          }
          order.push(node);
          for (const o of node.flat_outputs) computable.add(o);
        }
      }
    }
    this._node_order = order;
    this._nodes_by_depth = byDepth;
    this._network_nodes = new Set(nodeDepth.keys());
    const layersByDepth = new Map<number, Layer[]>();
    for (const [l, d] of layerDepth) { if (!layersByDepth.has(d)) layersByDepth.set(d, []); layersByDepth.get(d)!.push(l); }
    const layers: Layer[] = [];
    for (const d of [...layersByDepth.keys()].sort((a, b) => b - a)) {
      layers.push(...layersByDepth.get(d)!.sort((a, b) => layerIndices.get(a)! - layerIndices.get(b)!));
    }
    const names = new Set<string>();
    for (const l of layers) {
      if (names.has(l.name)) {
        throw new InvalidArgumentError(msg(
          `The name "${l.name}" is used ${layers.filter((x) => x.name === l.name).length} times in the model. All layer names should be unique.`,
          `이름 "${l.name}"이(가) 모델 안에서 여러 번 쓰였습니다. 층 이름은 모두 달라야 합니다.`,
        ));
      }
      names.add(l.name);
    }
    this._graph_layers = layers;
    this.built = true;
    this._build_input_shape = inKts.length === 1 ? inKts[0].shape : inKts.map((t) => t.shape);
  }

  /** `model.layers`: the graph's layers (functional), or the tracked attributes (subclassed). */
  get layers(): Layer[] {
    if (this._is_graph_network) return this._graph_layers;
    return this._sublayers();
  }
  override _sublayers(): Layer[] {
    if (this._is_graph_network) return this._graph_layers;
    return super._sublayers();
  }

  /** Model weights in layer order (each layer's trainable, then non-trainable). */
  override get weights(): Variable[] {
    const seen = new Set<Variable>();
    const out: Variable[] = [];
    const add = (ws: Variable[]) => { for (const w of ws) if (!seen.has(w)) { seen.add(w); out.push(w); } };
    for (const l of this._sublayers()) add(l.weights);
    add([...this._trainable_weights, ...this._non_trainable_weights]);
    return out;
  }

  get input_names(): string[] { return this._input_layers.map((l) => l.name); }
  get output_names(): string[] { return this._output_layers.map((l) => l.name); }

  override call(inputs: any, training?: boolean, kwargs?: CallKwargs): any {
    if (!this._is_graph_network) {
      throw new InvalidArgumentError(msg(
        `Model ${this.name}: a subclassed model must implement call(inputs, training). Or build a functional model with new tf.keras.Model({ inputs, outputs }).`,
        `모델 ${this.name}: 서브클래싱 모델은 call(inputs, training)을 구현해야 합니다. 또는 new tf.keras.Model({ inputs, outputs })로 함수형 모델을 만드세요.`,
      ));
    }
    return this._runGraph(inputs, training, kwargs);
  }

  /** Replays the recorded layer calls on eager tensors (Keras's _run_internal_graph). */
  _runGraph(inputs: any, training?: boolean, _kwargs?: CallKwargs): any {
    const flat = this._flattenCallInputs(inputs);
    const values = new Map<KerasTensor, unknown>();
    this.inputs.forEach((kt, i) => values.set(kt, flat[i]));
    for (const node of this._node_order) {
      const args = packSequenceAs(node.call_args, flatten<unknown>(node.call_args).map((kt) => values.get(kt as KerasTensor)));
      const kw: CallKwargs = { ...node.call_kwargs };
      if (kw.training === undefined) kw.training = training;
      delete kw.mask;
      const out = node.layer.__call__(args, kw);
      const outs = flatten<unknown>(out);
      node.flat_outputs.forEach((kt, i) => values.set(kt, outs[i]));
    }
    return packSequenceAs(this._nested_outputs, this.outputs.map((kt) => values.get(kt)));
  }

  _flattenCallInputs(inputs: any): Tensor[] {
    let flat: unknown[];
    if (isPlainObject(inputs) && !(inputs instanceof Tensor)) {
      const names = this.input_names;
      const nested = this._nested_inputs;
      if (isPlainObject(nested)) flat = flatten<unknown>(packSequenceAs(nested, Object.keys(nested).map((k) => inputs[k])));
      else flat = names.map((n) => inputs[n]);
    } else flat = Array.isArray(inputs) && this.inputs.length > 1 ? inputs : flatten<unknown>(inputs);
    if (flat.length !== this.inputs.length) {
      throw new InvalidArgumentError(msg(
        `Layer "${this.name}" expects ${this.inputs.length} input(s), but it received ${flat.length} input tensors.`,
        `모델 "${this.name}"은(는) 입력 ${this.inputs.length}개를 받는데 ${flat.length}개가 들어왔습니다.`,
      ));
    }
    return flat.map((x, i) => {
      const t = x instanceof Tensor ? x : toTensor(x as TensorLike, this.name);
      const want = this.inputs[i].shape;
      const ok = t.rank === want.length && want.every((d, k) => d === null || d === t.shape[k]);
      if (!ok) {
        throw new InvalidArgumentError(msg(
          `Input ${i} of layer "${this.name}" is incompatible with the layer: expected shape=${formatShape(want)}, found shape=${formatShape(t.shape)}`,
          `모델 "${this.name}"의 ${i}번째 입력이 맞지 않습니다: 형태 ${formatShape(want)}가 필요한데 ${formatShape(t.shape)}입니다.`,
        ));
      }
      return t;
    });
  }

  override compute_output_shape(input_shape: any): any {
    if (!this._is_graph_network) return super.compute_output_shape(input_shape);
    const flatShapes: Shape[] = isShape(input_shape) ? [input_shape] : flatten<Shape>(input_shape as unknown[]) as unknown as Shape[];
    const shapes = new Map<KerasTensor, Shape>();
    const inShapes = isShape(input_shape) ? [input_shape] : (input_shape as Shape[]);
    void flatShapes;
    this.inputs.forEach((kt, i) => shapes.set(kt, inShapes[i] ?? kt.shape));
    for (const node of this._node_order) {
      const argShapes = packSequenceAs(node.call_args, flatten<unknown>(node.call_args).map((kt) => shapes.get(kt as KerasTensor)));
      const out = node.layer.compute_output_shape(argShapes);
      const outs: Shape[] = isShape(out) ? [out] : (flattenShapes(out));
      node.flat_outputs.forEach((kt, i) => shapes.set(kt, outs[i]));
    }
    const outs = this.outputs.map((kt) => shapes.get(kt)!);
    return outs.length === 1 ? outs[0] : outs;
  }
  override _outputDType(): import("../../core/tensor/dtypes").DType {
    return this._is_graph_network ? this.outputs[0].dtype : this._dtype;
  }

  /**
   * A subclassed model creates its weights on its first real call (Keras's default Model.build is
   * skipped by __call__), unless the subclass defines its own build().
   */
  override _maybeBuild(inputs: unknown): void {
    if (!this._is_graph_network && !this.built && this.build === Model.prototype.build) {
      this._build_input_shape = this._shapesOf(inputs);
      this.built = true;
      return;
    }
    super._maybeBuild(inputs);
  }

  /** `model.build(input_shape)`: builds a subclassed model by calling it on zeros. */
  override build(input_shape: any): void {
    if (this._is_graph_network) { this.built = true; return; }
    if (input_shape == null) { this.built = true; return; }
    const xs = isShape(input_shape) ? zeros((input_shape as Shape).map((d) => d ?? 1)) : (input_shape as Shape[]).map((s) => zeros(s.map((d) => d ?? 1)));
    this.built = true;
    this._build_input_shape = input_shape;
    this.__call__(xs, { training: false });
  }

  get_layer(name?: string | null | { name?: string; index?: number }, index?: number | null): Layer {
    if (isPlainObject(name)) { checkOptions("get_layer", name, ["name", "index"]); index = (name as { index?: number }).index; name = (name as { name?: string }).name; }
    const layers = this.layers;
    if (index != null) {
      if (index < 0 || index >= layers.length) {
        throw new InvalidArgumentError(msg(`Was asked to retrieve layer at index ${index} but model only has ${layers.length} layers.`, `인덱스 ${index}의 층을 요청했지만 모델의 층은 ${layers.length}개뿐입니다.`));
      }
      return layers[index];
    }
    if (name != null) {
      const l = layers.find((x) => x.name === name);
      if (!l) throw new InvalidArgumentError(msg(`No such layer: ${name}. Existing layers are: ${layers.map((x) => x.name).join(", ")}.`, `그런 층이 없습니다: ${name}. 있는 층: ${layers.map((x) => x.name).join(", ")}.`));
      return l;
    }
    throw new InvalidArgumentError(msg("Provide either a layer name or layer index at `get_layer`.", "get_layer에 층 이름이나 인덱스를 주세요."));
  }

  /** `model.summary(line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False)` */
  summary(line_length?: number | SummaryOptions | null, positions?: number[] | null, print_fn?: ((s: string) => void) | null): void {
    let o: SummaryOptions;
    if (isPlainObject(line_length)) { checkOptions("summary", line_length, ["line_length", "positions", "print_fn", "expand_nested", "show_trainable", "layer_range"]); o = line_length as SummaryOptions; }
    else o = { line_length: line_length as number | null, positions, print_fn };
    if (!this.built) {
      throw new InvalidArgumentError(msg(
        "This model has not yet been built. Build the model first by calling `build()` or by calling the model on a batch of data.",
        "이 모델은 아직 만들어지지(build) 않았습니다. 먼저 `build()`를 호출하거나 데이터 배치로 모델을 호출하세요.",
      ));
    }
    printSummary(this, o);
  }

  override get_config(): Record<string, unknown> {
    if (!this._is_graph_network) return { name: this.name, trainable: this.trainable };
    return topologyModule().functionalConfig(this);
  }
  static override from_config<T extends Layer>(this: new (...a: any[]) => T, config: Record<string, unknown>, custom_objects?: Record<string, unknown>): T {
    return topologyModule().functionalFromConfig(config, custom_objects) as unknown as T;
  }

  // ---------------------------------------------------------------- compile
  /**
   * `compile(optimizer='rmsprop', loss=None, metrics=None, loss_weights=None, weighted_metrics=None,
   * run_eagerly=None, steps_per_execution=None, jit_compile=None)`
   */
  compile(optimizer?: optimizers.OptimizerIdentifier | CompileArgs, loss?: CompileArgs["loss"], metrics?: CompileArgs["metrics"], loss_weights?: CompileArgs["loss_weights"]): void {
    let o: CompileArgs;
    if (isPlainObject(optimizer) && !("class_name" in optimizer)) { checkOptions("compile", optimizer, COMPILE_KEYS); o = optimizer as CompileArgs; }
    else o = { optimizer: optimizer as optimizers.OptimizerIdentifier, loss, metrics, loss_weights };
    const opt = optimizers.get(o.optimizer ?? "rmsprop");
    // Validate losses and metrics names now (a bad call throws before any state changes).
    for (const l of flatten<LossSpec>(o.loss ?? null)) if (l != null) losses.get(l);
    for (const mt of flatten<metricsMod.MetricIdentifier>(o.metrics ?? [])) if (mt != null && !(typeof mt === "string" && ["accuracy", "acc", "crossentropy", "ce"].includes(mt))) metricsMod.get(mt);
    this.optimizer = opt;
    this._compileArgs = o;
    this._lossSpec = o.loss ?? null;
    this._metricsSpec = o.metrics ?? null;
    this.compiled_loss = o.loss ?? null;
    this._is_compiled = true;
    this._metricsBuilt = false;
    this._outputSlots = [];
    this._lossTracker = new metricsMod.Mean({ name: "loss" });
  }

  /** Output names as Keras uses them in logs (the output layers' names). */
  _outputNames(n: number): string[] {
    if (this._is_graph_network) return this.output_names;
    return Array.from({ length: n }, (_, i) => (n === 1 ? "output_1" : `output_${i + 1}`));
  }

  /** Resolves losses/metrics per output once the shapes of y and y_pred are known. */
  _buildCompiled(ys: NDArray[] | Tensor[], preds: Tensor[]): void {
    if (this._metricsBuilt) return;
    const o = this._compileArgs!;
    const names = this._outputNames(preds.length);
    const pick = <T>(spec: unknown, i: number, what: string): T | null => {
      if (spec == null) return null;
      if (Array.isArray(spec) && what !== "metrics") return (spec[i] ?? null) as T;
      if (isPlainObject(spec) && !("class_name" in spec)) return ((spec as Record<string, T>)[names[i]] ?? null);
      return spec as T;
    };
    const lossSpecs = o.loss;
    if (Array.isArray(lossSpecs) && lossSpecs.length !== preds.length) {
      throw new InvalidArgumentError(msg(
        `compile: got ${lossSpecs.length} losses for a model with ${preds.length} outputs (${names.join(", ")}). Give one loss per output, a dict by output name, or a single loss for all.`,
        `compile: 출력이 ${preds.length}개(${names.join(", ")})인 모델에 손실 ${lossSpecs.length}개가 주어졌습니다. 출력마다 하나씩, 출력 이름별 객체, 또는 모두에 쓸 손실 하나를 주세요.`,
      ));
    }
    const metricSpecFor = (spec: unknown, i: number): metricsMod.MetricIdentifier[] => {
      if (spec == null) return [];
      if (isPlainObject(spec) && !("class_name" in spec)) { const v = (spec as Record<string, unknown>)[names[i]]; return v == null ? [] : (Array.isArray(v) ? v : [v]) as metricsMod.MetricIdentifier[]; }
      if (Array.isArray(spec)) {
        if (spec.length && spec.every((e) => Array.isArray(e) || e == null) && preds.length > 1) return ((spec[i] ?? []) as metricsMod.MetricIdentifier[]);
        return spec as metricsMod.MetricIdentifier[];
      }
      return [spec as metricsMod.MetricIdentifier];
    };
    this._outputSlots = preds.map((p, i) => {
      const spec = pick<LossSpec>(lossSpecs, i, "loss");
      const loss = spec == null ? null : losses.get(spec);
      const weight = o.loss_weights == null ? 1 : Array.isArray(o.loss_weights) ? o.loss_weights[i] ?? 1 : (o.loss_weights[names[i]] ?? 1);
      const yShape = ys[i] ? ys[i].shape : p.shape;
      const resolve = (ids: metricsMod.MetricIdentifier[]) => ids.map((id) => metricsMod.resolveMetric(id, yShape, p.shape, loss));
      const specs = metricSpecFor(o.metrics, i);
      const wspecs = metricSpecFor(o.weighted_metrics, i);
      return {
        name: names[i], loss, lossName: spec == null ? "" : losses.lossName(loss!), weight,
        metricSpecs: specs, weightedSpecs: wspecs, metrics: resolve(specs), weighted: resolve(wspecs),
        lossTracker: new metricsMod.Mean({ name: `${names[i]}_loss` }),
      };
    });
    if (this._outputSlots.every((s) => s.loss === null)) {
      throw new InvalidArgumentError(msg(
        "No loss found. You may have forgotten to provide a `loss` argument in the `compile()` method.",
        "손실(loss)이 없습니다. `compile()`에 `loss`를 주는 것을 잊은 것 같습니다.",
      ));
    }
    // Metric names as Keras logs them: prefixed by the output name when there are several outputs.
    if (preds.length > 1) {
      for (const s of this._outputSlots) for (const mt of [...s.metrics, ...s.weighted]) if (!mt.name.startsWith(`${s.name}_`)) mt.name = `${s.name}_${mt.name}`;
    }
    this._metricsBuilt = true;
  }

  /** `model.metrics`: the loss tracker and every compiled metric. */
  get metrics(): metricsMod.Metric[] {
    if (!this._is_compiled || !this._metricsBuilt) return [];
    const out: metricsMod.Metric[] = [this._lossTracker];
    if (this._outputSlots.length > 1) for (const s of this._outputSlots) if (s.loss) out.push(s.lossTracker);
    for (const s of this._outputSlots) out.push(...s.metrics, ...s.weighted);
    return out;
  }
  get metrics_names(): string[] { return this.metrics.map((mt) => mt.name); }
  reset_metrics(): void { for (const mt of this.metrics) mt.reset_state(); }

  _assertCompiled(what: string): void {
    if (!this._is_compiled) {
      throw new InvalidArgumentError(msg(
        `You must compile your model before ${what}. Call model.compile({ optimizer, loss }) first.`,
        `${what} 전에 모델을 compile해야 합니다. 먼저 model.compile({ optimizer, loss })를 호출하세요.`,
      ));
    }
  }

  /** Total loss for a batch (inside the tape): weighted per-output losses + regularization. */
  _computeLoss(ys: Tensor[], preds: Tensor[], sw: Tensor | null): { total: Tensor; perOutput: (Tensor | null)[] } {
    let total: Tensor | null = null;
    const perOutput: (Tensor | null)[] = [];
    this._outputSlots.forEach((s, i) => {
      if (!s.loss || !ys[i]) { perOutput.push(null); return; }
      let l: Tensor;
      if (s.loss instanceof losses.Loss) l = s.loss(ys[i], preds[i], sw);
      else {
        let [t, p] = [ys[i], preds[i]];
        if (s.loss !== losses.sparse_categorical_crossentropy && s.loss !== losses.categorical_crossentropy) [t, p] = losses.alignRanks(t, p);
        l = losses.reduceWeighted(s.loss(t, p), sw, "sum_over_batch_size");
      }
      perOutput.push(l);
      const wl = s.weight === 1 ? l : m.multiply(l, m.scalarLike(s.weight, l));
      total = total ? m.add(total, wl) : wl;
    });
    for (const rl of this.losses) total = total ? m.add(total, m.cast(rl, total.dtype)) : rl;
    return { total: total!, perOutput };
  }

  _updateMetrics(ys: Tensor[], preds: Tensor[], sw: Tensor | null, total: Tensor, perOutput: (Tensor | null)[], batch: number): Logs {
    const tv = Number(total.dataSync()[0]);
    this._lossTracker._accumulate([tv], new Float64Array([batch]));
    this._outputSlots.forEach((s, i) => {
      if (perOutput[i]) s.lossTracker._accumulate([Number(perOutput[i]!.dataSync()[0])], new Float64Array([batch]));
      for (const mt of s.metrics) mt.update_state(ys[i], preds[i]);
      for (const mt of s.weighted) mt.update_state(ys[i], preds[i], sw);
    });
    return this._logs();
  }
  _logs(): Logs {
    const logs: Logs = {};
    for (const mt of this.metrics) logs[mt.name] = mt._value();
    return logs;
  }

  /** Inputs for a call: one tensor, or the list/dict the model takes. */
  _packInputs(xs: Tensor[]): unknown {
    if (this._is_graph_network) return packSequenceAs(this._nested_inputs, xs);
    return xs.length === 1 ? xs[0] : xs;
  }
  _flatPreds(out: unknown): Tensor[] { return flatten<Tensor>(out); }

  _trainableCache: Variable[] | null = null;
  /** Each cached trainable variable's constraint (undefined: none), valid with _trainableCache. */
  _constraintCache: (((x: TensorLike) => Tensor) | undefined)[] | null = null;

  /**
   * One optimisation step on a batch; returns the running logs. Runs in a tidy scope: every
   * intermediate (activations, gradients, the batch) is freed when the step ends, so memory stays
   * flat on device backends too; variables keep their values.
   */
  _trainStep(batch: () => [Tensor[], Tensor[], Tensor | null]): Logs {
    // Inside the step, large outputs come from the counted spare arrays or resident blocks
    // (core/engine/spare.ts): the step's tidy scopes dispose them, which frees them for the next step.
    beginSpareStep();
    try {
      return tidy(() => this._trainStepInner(...batch()));
    } finally {
      endSpareStep();
    }
  }
  _trainStepInner(xs: Tensor[], ys: Tensor[], sw: Tensor | null): Logs {
    const vars = this._trainableCache ?? this.trainable_weights;
    // Forward and backward in their own scope: the variables' reads and the activations are freed
    // before the update, so the optimizer may update the variables in place.
    const { preds, result, grads } = tidy(() => {
      const tape = new GradientTape();
      let preds: Tensor[] = [];
      let result!: { total: Tensor; perOutput: (Tensor | null)[] };
      tape.record(() => {
        preds = this._flatPreds(this.__call__(this._packInputs(xs), { training: true }));
        this._buildCompiled(ys, preds);
        result = this._computeLoss(ys, preds, sw);
        return result.total;
      });
      return { preds, result, grads: tape.gradient(result.total, vars) as (Tensor | null)[] };
    });
    this.optimizer!.apply_gradients(grads.map((g, i) => [g, vars[i]] as [Tensor | null, Variable]));
    // Constraints per variable: looked up once per fit (with the trainable list), not every step.
    const cons = this._trainableCache !== null ? (this._constraintCache ??= vars.map((v) => this._constraintFor(v))) : vars.map((v) => this._constraintFor(v));
    for (let i = 0; i < vars.length; i++) {
      const c = cons[i];
      if (c) vars[i].assign(c(vars[i] as unknown as TensorLike));
    }
    return this._updateMetrics(ys, preds, sw, result.total, result.perOutput, xs[0].shape[0]);
  }
  _testStep(batch: () => [Tensor[], Tensor[], Tensor | null]): Logs {
    return tidy(() => this._testStepInner(...batch()));
  }
  _testStepInner(xs: Tensor[], ys: Tensor[], sw: Tensor | null): Logs {
    const preds = this._flatPreds(this.__call__(this._packInputs(xs), { training: false }));
    this._buildCompiled(ys, preds);
    const r = this._computeLoss(ys, preds, sw);
    return this._updateMetrics(ys, preds, sw, r.total, r.perOutput, xs[0].shape[0]);
  }

  /** Builds an unbuilt model from the data's shapes (Sequential's deferred build). */
  _buildFromData(xs: NDArray[]): void { void xs; }

  _dataArgs(x: unknown, y: unknown, what: string): { xs: NDArray[]; ys: NDArray[] } {
    const inNames = this._is_graph_network ? this.input_names : null;
    const outNames = this._is_graph_network ? this.output_names : null;
    if (x === undefined || x === null) throw new InvalidArgumentError(msg(`${what}: x (the input data) is required.`, `${what}: 입력 데이터 x가 필요합니다.`));
    const xs = flattenData(x, inNames, "x");
    const ys = y == null ? [] : flattenData(y, outNames, "y");
    if (this._is_graph_network && xs.length !== this.inputs.length) {
      throw new InvalidArgumentError(msg(
        `${what}: the model has ${this.inputs.length} inputs (${this.input_names.join(", ")}) but x has ${xs.length} arrays.`,
        `${what}: 모델의 입력은 ${this.inputs.length}개(${this.input_names.join(", ")})인데 x의 배열은 ${xs.length}개입니다.`,
      ));
    }
    return { xs, ys };
  }

  // ---------------------------------------------------------------- fit
  /**
   * `fit(x=None, y=None, batch_size=None, epochs=1, verbose='auto', callbacks=None,
   * validation_split=0.0, validation_data=None, shuffle=True, class_weight=None, sample_weight=None,
   * initial_epoch=0, steps_per_epoch=None, ...)`. Resolves to the History.
   */
  async fit(x?: unknown, y?: unknown, batch_size?: number | FitArgs | null, epochs?: number, verbose?: number | "auto", callbacks?: Callback[] | null): Promise<History> {
    let o: FitArgs;
    if (isPlainObject(batch_size)) { checkOptions("fit", batch_size, FIT_KEYS); o = { x, y, ...(batch_size as FitArgs) }; }
    else if (isOptionsObject(y, this._is_graph_network ? this.output_names : [])) { checkOptions("fit", y, FIT_KEYS); o = { x, ...(y as FitArgs) }; }
    else if (isPlainObject(x) && Object.keys(x as object).every((k) => FIT_KEYS.includes(k)) && "x" in (x as object)) { checkOptions("fit", x as object, FIT_KEYS); o = x as FitArgs; }
    else o = { x, y, batch_size: batch_size as number | null, epochs, verbose, callbacks };
    this._assertCompiled("training/testing");
    const epochsN = o.epochs ?? 1;
    const bs = o.batch_size ?? 32;
    const verb = o.verbose === "auto" || o.verbose == null ? 1 : o.verbose;
    if (!Number.isInteger(bs) || bs <= 0) throw new InvalidArgumentError(msg(`fit: batch_size must be a positive integer, got ${bs}.`, `fit: batch_size는 양의 정수여야 하는데 ${bs}입니다.`));
    if (!Number.isInteger(epochsN) || epochsN < 0) throw new InvalidArgumentError(msg(`fit: epochs must be a non-negative integer, got ${epochsN}.`, `fit: epochs는 0 이상의 정수여야 하는데 ${epochsN}입니다.`));
    const vs = o.validation_split ?? 0;
    if (!(vs >= 0 && vs < 1)) throw new InvalidArgumentError(msg(`fit: validation_split must be in [0, 1), got ${vs}.`, `fit: validation_split은 [0, 1) 범위여야 하는데 ${vs}입니다.`));
    let { xs, ys } = this._dataArgs(o.x, o.y, "fit");
    if (!ys.length) throw new InvalidArgumentError(msg("fit: y (the targets) is required.", "fit: 목표값 y가 필요합니다."));
    let sws: NDArray | null = o.sample_weight != null ? toHostArray(o.sample_weight, "sample_weight") : null;
    if (o.class_weight) {
      if (ys.length > 1) throw new InvalidArgumentError(msg("`class_weight` is only supported for Models with a single output.", "`class_weight`는 출력이 하나인 모델에서만 쓸 수 있습니다."));
      const cw = classWeightsFor(ys[0], o.class_weight);
      if (sws) { const a = sws.data as Float32Array, b = cw.data as Float32Array; const c = new Float32Array(a.length); for (let i = 0; i < a.length; i++) c[i] = a[i] * b[i]; sws = new NDArray(c, [a.length], "float32"); }
      else sws = cw;
    }
    checkSameLength([["x", xs], ["y", ys], ...(sws ? [["sample_weight", [sws]] as [string, NDArray[]]] : [])]);
    let val: { xs: NDArray[]; ys: NDArray[]; sw: NDArray | null } | null = null;
    if (o.validation_data) {
      const vd = o.validation_data;
      if (!Array.isArray(vd) || vd.length < 2) {
        throw new InvalidArgumentError(msg("fit: validation_data must be [x_val, y_val] or [x_val, y_val, val_sample_weight].", "fit: validation_data는 [x_val, y_val] 또는 [x_val, y_val, val_sample_weight]여야 합니다."));
      }
      const d = this._dataArgs(vd[0], vd[1], "validation_data");
      val = { ...d, sw: vd[2] != null ? toHostArray(vd[2], "val_sample_weight") : null };
    } else if (vs > 0) {
      const all = [...xs, ...ys, ...(sws ? [sws] : [])];
      const [tr, va] = splitLast(all, vs);
      val = { xs: va.slice(0, xs.length), ys: va.slice(xs.length, xs.length + ys.length), sw: sws ? va[va.length - 1] : null };
      xs = tr.slice(0, xs.length); ys = tr.slice(xs.length, xs.length + ys.length); sws = sws ? tr[tr.length - 1] : null;
    }
    // Training on a real dataset: one full garbage collection first, after a turn of the event loop
    // (so the caller's dropped temporaries are unreachable): arrays the script replaced are freed
    // before training allocates (core/memory.ts collectGarbage).
    if ([...xs, ...ys].reduce((b, a) => b + ((a.data as { byteLength?: number }).byteLength ?? 0), 0) >= GC_BEFORE_FIT_BYTES) { await yieldToEventLoop(); collectGarbage(); }
    this._buildFromData(xs);
    const n = xs[0].shape[0];
    const stepsPerEpoch = o.steps_per_epoch ?? Math.ceil(n / bs);
    const cbs = new CallbackList([...(verb ? [new ProgbarLogger("steps")] : []), ...(o.callbacks ?? []), new History()]);
    const history = cbs.callbacks[cbs.callbacks.length - 1] as History;
    cbs.set_model(this);
    cbs.set_params({ verbose: verb, epochs: epochsN, steps: stepsPerEpoch });
    this.stop_training = false;
    this._trainableCache = null; this._constraintCache = null;
    cbs.on_train_begin();
    let cursor = 0; // for steps_per_epoch < one pass: continue where the last epoch stopped
    let order: Int32Array | null = null;
    const shuffle = o.shuffle ?? true;
    let lastYield = performance.now();
    try {
      for (let epoch = o.initial_epoch ?? 0; epoch < epochsN; epoch++) {
        this.reset_metrics();
        cbs.on_epoch_begin(epoch);
        let logs: Logs = {};
        for (let step = 0; step < stepsPerEpoch; step++) {
          if (cursor >= n || order === null) {
            cursor = 0;
            order = shuffle === true ? tidy(() => Int32Array.from(rnd.shuffle(toTensor(Int32Array.from({ length: n }, (_, i) => i), "fit")).dataSync() as Int32Array)) : null;
            if (order === null) order = new Int32Array(0);
          }
          const start = cursor, end = Math.min(cursor + bs, n);
          cursor = end;
          const take = (a: NDArray) => (order!.length ? gatherRows(a, order!, start, end) : sliceRows(a, start, end));
          cbs.on_train_batch_begin(step);
          logs = this._trainStep(() => [xs.map(take), ys.map(take), sws ? take(sws) : null]);
          if (this._trainableCache === null) { this._trainableCache = this.trainable_weights; cacheSublayers(true); }
          this._train_counter++;
          cbs.on_train_batch_end(step, logs);
          if (this.stop_training) break;
          if (performance.now() - lastYield > 200) { await yieldToEventLoop(); lastYield = performance.now(); }
        }
        logs = { ...this._logs() };
        const freq = o.validation_freq ?? 1;
        const doVal = val && (Array.isArray(freq) ? freq.includes(epoch + 1) : (epoch + 1) % freq === 0);
        if (val && doVal) {
          const vlogs = this._evaluateArrays(val.xs, val.ys, val.sw, o.validation_batch_size ?? bs, o.validation_steps ?? null, null);
          for (const [k, v] of Object.entries(vlogs)) logs[`val_${k}`] = v;
        }
        cbs.on_epoch_end(epoch, logs);
        await yieldToEventLoop();
        lastYield = performance.now();
        if (this.stop_training) break;
      }
    } finally {
      cacheSublayers(false);
    }
    settlePending(); // the last step's asynchronous update (wasm/runtime.ts adamAsync) is done when fit returns
    cbs.on_train_end();
    this.history = history;
    this._trainableCache = null; this._constraintCache = null;
    return history;
  }

  /** Runs evaluation over arrays; returns logs (no printing unless `cbs`). */
  _evaluateArrays(xs: NDArray[], ys: NDArray[], sw: NDArray | null, bs: number, steps: number | null, cbs: CallbackList | null): Logs {
    // Validation uses fresh metric states, then the training metrics are restored.
    const saved = this.metrics.map((mt) => ({ ...(mt as unknown as Record<string, unknown>) }));
    const metricsBefore = this.metrics;
    this.reset_metrics();
    const n = xs[0].shape[0];
    const total = steps ?? Math.ceil(n / bs);
    cbs?.on_test_begin();
    let logs: Logs = {};
    for (let step = 0; step < total; step++) {
      const start = (step * bs) % Math.max(n, 1), end = Math.min(start + bs, n);
      cbs?.on_test_batch_begin(step);
      logs = this._testStep(() => [xs.map((a) => sliceRows(a, start, end)), ys.map((a) => sliceRows(a, start, end)), sw ? sliceRows(sw, start, end) : null]);
      cbs?.on_test_batch_end(step, logs);
    }
    logs = this._logs();
    cbs?.on_test_end(logs);
    if (!cbs) metricsBefore.forEach((mt, i) => Object.assign(mt, saved[i]));
    return logs;
  }

  // ---------------------------------------------------------------- evaluate
  /**
   * `evaluate(x=None, y=None, batch_size=None, verbose='auto', sample_weight=None, steps=None,
   * callbacks=None, ..., return_dict=False)`: prints one bar; returns the loss, or
   * [loss, ...metrics] when metrics were compiled (a dict with return_dict).
   */
  evaluate(x?: unknown, y?: unknown, batch_size?: number | EvaluateArgs | null, verbose?: number | "auto", sample_weight?: unknown): any {
    let o: EvaluateArgs;
    if (isPlainObject(batch_size)) { checkOptions("evaluate", batch_size, EVALUATE_KEYS); o = { x, y, ...(batch_size as EvaluateArgs) }; }
    else if (isOptionsObject(y, this._is_graph_network ? this.output_names : [])) { checkOptions("evaluate", y, EVALUATE_KEYS); o = { x, ...(y as EvaluateArgs) }; }
    else o = { x, y, batch_size: batch_size as number | null, verbose, sample_weight };
    this._assertCompiled("training/testing");
    const { xs, ys } = this._dataArgs(o.x, o.y, "evaluate");
    if (!ys.length) throw new InvalidArgumentError(msg("evaluate: y (the targets) is required.", "evaluate: 목표값 y가 필요합니다."));
    const sw = o.sample_weight != null ? toHostArray(o.sample_weight, "sample_weight") : null;
    checkSameLength([["x", xs], ["y", ys]]);
    this._buildFromData(xs);
    const bs = o.batch_size ?? 32;
    const verb = o.verbose === "auto" || o.verbose == null ? 1 : o.verbose;
    const steps = o.steps ?? Math.ceil(xs[0].shape[0] / bs);
    const cbs = new CallbackList([...(verb ? [new ProgbarLogger("steps")] : []), ...(o.callbacks ?? [])]);
    cbs.set_model(this);
    cbs.set_params({ verbose: verb, epochs: 1, steps });
    const logs = this._evaluateArrays(xs, ys, sw, bs, o.steps ?? null, cbs);
    if (o.return_dict) return logs;
    const vals = this.metrics_names.map((k) => logs[k]);
    return vals.length === 1 ? vals[0] : vals;
  }

  // ---------------------------------------------------------------- predict
  /** `predict(x, batch_size=None, verbose='auto', steps=None, callbacks=None)`: NDArray(s), like numpy. */
  predict(x: unknown, batch_size?: number | PredictArgs | null, verbose?: number | "auto", steps?: number | null): any {
    let o: PredictArgs;
    if (isPlainObject(batch_size)) { checkOptions("predict", batch_size, PREDICT_KEYS); o = { x, ...(batch_size as PredictArgs) }; }
    else if (isPlainObject(x) && "x" in (x as object) && Object.keys(x as object).every((k) => PREDICT_KEYS.includes(k))) { checkOptions("predict", x as object, PREDICT_KEYS); o = x as PredictArgs; }
    else o = { x, batch_size: batch_size as number | null, verbose, steps };
    const { xs } = this._dataArgs(o.x, null, "predict");
    checkSameLength([["x", xs]]);
    this._buildFromData(xs);
    const bs = o.batch_size ?? 32;
    const n = xs[0].shape[0];
    const total = o.steps ?? Math.ceil(n / bs);
    const verb = o.verbose === "auto" || o.verbose == null ? 1 : o.verbose;
    const cbs = new CallbackList([...(verb ? [new ProgbarLogger("steps")] : []), ...(o.callbacks ?? [])]);
    cbs.set_model(this);
    cbs.set_params({ verbose: verb, epochs: 1, steps: total });
    cbs.on_predict_begin();
    const chunks: NDArray[][] = [];
    let structure: unknown = null;
    for (let step = 0; step < total; step++) {
      const start = step * bs, end = Math.min(start + bs, n);
      if (start >= n) break;
      cbs.on_predict_batch_begin(step);
      // Outputs are copied to the host inside a tidy scope, so each batch's tensors are freed.
      tidy(() => {
        const out = this.__call__(this._packInputs(xs.map((a) => sliceRows(a, start, end))), { training: false });
        structure = out;
        chunks.push(flatten<Tensor>(out).map((t) => t.numpy()));
      });
      cbs.on_predict_batch_end(step);
    }
    cbs.on_predict_end();
    if (!chunks.length) return [];
    const outs = chunks[0].map((_, j) => concatRows(chunks.map((c) => c[j])));
    return packSequenceAs(structure, outs);
  }

  // ---------------------------------------------------------------- *_on_batch
  /** `train_on_batch(x, y=None, sample_weight=None, class_weight=None, reset_metrics=True, return_dict=False)` */
  train_on_batch(x: unknown, y?: unknown, sample_weight?: unknown, class_weight?: Record<number, number> | null, reset_metrics = true, return_dict = false): any {
    if (isPlainObject(sample_weight) && Object.keys(sample_weight).some((k) => ["sample_weight", "class_weight", "reset_metrics", "return_dict"].includes(k))) {
      checkOptions("train_on_batch", sample_weight, ["sample_weight", "class_weight", "reset_metrics", "return_dict"]);
      const o = sample_weight as { sample_weight?: unknown; class_weight?: Record<number, number>; reset_metrics?: boolean; return_dict?: boolean };
      ({ sample_weight, class_weight = null, reset_metrics = true, return_dict = false } = o as never);
      sample_weight = o.sample_weight; class_weight = o.class_weight ?? null; reset_metrics = o.reset_metrics ?? true; return_dict = !!o.return_dict;
    }
    this._assertCompiled("training/testing");
    const { xs, ys } = this._dataArgs(x, y, "train_on_batch");
    this._buildFromData(xs);
    let sw = sample_weight != null ? toHostArray(sample_weight, "sample_weight") : null;
    if (class_weight) sw = classWeightsFor(ys[0], class_weight);
    if (reset_metrics) this.reset_metrics();
    const all = (a: NDArray) => sliceRows(a, 0, a.shape[0]);
    const logs = this._trainStep(() => [xs.map(all), ys.map(all), sw ? all(sw) : null]);
    settlePending(); // the step's update is done when train_on_batch returns, as in fit
    this._trainableCache = null; this._constraintCache = null;
    return this._batchResult(logs, return_dict);
  }
  /** `test_on_batch(x, y=None, sample_weight=None, reset_metrics=True, return_dict=False)` */
  test_on_batch(x: unknown, y?: unknown, sample_weight?: unknown, reset_metrics = true, return_dict = false): any {
    this._assertCompiled("training/testing");
    const { xs, ys } = this._dataArgs(x, y, "test_on_batch");
    this._buildFromData(xs);
    const sw = sample_weight != null ? toHostArray(sample_weight, "sample_weight") : null;
    if (reset_metrics) this.reset_metrics();
    const all = (a: NDArray) => sliceRows(a, 0, a.shape[0]);
    return this._batchResult(this._testStep(() => [xs.map(all), ys.map(all), sw ? all(sw) : null]), return_dict);
  }
  /** `predict_on_batch(x)`: NDArray(s). */
  predict_on_batch(x: unknown): any {
    const { xs } = this._dataArgs(x, null, "predict_on_batch");
    this._buildFromData(xs);
    return tidy(() => {
      const out = this.__call__(this._packInputs(xs.map((a) => sliceRows(a, 0, a.shape[0]))), { training: false });
      return packSequenceAs(out, flatten<Tensor>(out).map((t) => t.numpy()));
    });
  }
  _batchResult(logs: Logs, return_dict: boolean): any {
    if (return_dict) return logs;
    const vals = this.metrics_names.map((k) => logs[k]);
    return vals.length === 1 ? vals[0] : vals;
  }

  // ---------------------------------------------------------------- weights and saving
  override get_weights(): NDArray[] { return this.weights.map((w) => w.numpy()); }
  override set_weights(weights: (NDArray | TensorLike)[]): void {
    const ws = this.weights;
    if (weights.length !== ws.length) {
      throw new InvalidArgumentError(msg(
        `You called set_weights(weights) on model "${this.name}" with a weight list of length ${weights.length}, but the model was expecting ${ws.length} weights.`,
        `모델 "${this.name}"의 set_weights(weights)에 길이 ${weights.length}인 목록을 주었지만 가중치는 ${ws.length}개입니다.`,
      ));
    }
    const vals = weights.map((w, i) => {
      const t = toTensor(w, "set_weights", ws[i].dtype);
      if (formatShape(t.shape) !== formatShape(ws[i].shape)) {
        throw new InvalidArgumentError(msg(
          `Weight ${i} ('${ws[i].name}') has shape ${formatShape(ws[i].shape)}, but the provided value has shape ${formatShape(t.shape)}.`,
          `${i}번째 가중치('${ws[i].name}')의 형태는 ${formatShape(ws[i].shape)}인데 주어진 값의 형태는 ${formatShape(t.shape)}입니다.`,
        ));
      }
      return t;
    });
    ws.forEach((w, i) => w.assign(vals[i]));
  }
  /** `model.save(filepath, overwrite=True, include_optimizer=True)`: TensorFlow.js Layers format (model.json + shards). */
  save(filepath: string, options: { overwrite?: boolean; include_optimizer?: boolean; save_format?: string } = {}): void {
    saveModule().saveModel(this, filepath, options);
  }
  /** `model.save_weights(filepath, overwrite=True)`: a weights manifest (JSON) plus one binary shard. */
  save_weights(filepath: string, options: { overwrite?: boolean; save_format?: string } = {}): void {
    saveModule().saveWeights(this, filepath, options);
  }
  /** `model.load_weights(filepath, by_name=False, skip_mismatch=False)` */
  load_weights(filepath: string, options: { by_name?: boolean; skip_mismatch?: boolean } = {}): void {
    saveModule().loadWeights(this, filepath, options);
  }
  to_json(): string {
    return JSON.stringify(topologyModule().modelTopology(this));
  }

  override toString(): string { return `<keras.engine.${classNameOf(this)} name=${this.name}>`; }
}

const MODEL_KEYS = ["inputs", "outputs", "name", "trainable", "dtype", "dynamic", "autocast"];
function classNameOfCtor(c: { className?: string; name: string }): string { return Object.prototype.hasOwnProperty.call(c, "className") && c.className ? c.className : c.name; }

function flattenShapes(s: unknown): Shape[] {
  if (isShape(s)) return [s];
  if (Array.isArray(s)) return s.flatMap(flattenShapes);
  if (isPlainObject(s)) return Object.keys(s).flatMap((k) => flattenShapes(s[k]));
  return [];
}

/** Concatenates batch outputs on the host into one NDArray. */
function concatRows(ts: NDArray[]): NDArray {
  if (ts.length === 1) return ts[0];
  const first = ts[0];
  const rows = ts.reduce((a, t) => a + t.shape[0], 0);
  const shape = [rows, ...first.shape.slice(1)];
  const out = allocArray(first.dtype, shape.reduce((a, b) => a * b, 1)) as Float32Array;
  let off = 0;
  for (const t of ts) { const d = t.data as Float32Array; out.set(d, off); off += d.length; }
  return new NDArray(out, shape, first.dtype);
}

/** fit collects garbage first when its data take this many bytes or more (Fashion-MNIST's: 188 MB). */
const GC_BEFORE_FIT_BYTES = 32 << 20;
function yieldToEventLoop(): Promise<void> { return new Promise((resolve) => setImmediate(resolve)); }

export { AttributeError };
export type { ShapeStructure };
