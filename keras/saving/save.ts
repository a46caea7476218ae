/**
 * Saving in the TensorFlow.js Layers format: `model.json` (format "layers-model", the Keras
 * topology, a weights manifest, the training config) plus binary shards of little-endian
 * weights. `load_model` reads models written here or by @tensorflow/tfjs-layers.
 *
 * Files come from users and the internet, so reading is strict: JSON must parse, must not carry
 * `__proto__`/`constructor`/`prototype` keys, shard paths must stay inside the model's folder,
 * shard sizes must match the manifest exactly, and each weight must fit the layer it loads into.
 */
import * as fs from "fs";
import * as path from "path";
import { NDArray } from "../../core/tensor/ndarray";
import type { DTypeName } from "../../core/tensor/dtypes";
import { InvalidArgumentError, NotFoundError, msg } from "../../core/errors";
import { formatShape } from "../../core/tensor/shape";
import type { Variable } from "../../core/variable";
import type { Layer } from "../engine/base_layer";
import { Model } from "../engine/training";
import { Sequential } from "../engine/sequential";
import { modelTopology, deserializeLayer, LayerJSON } from "./topology";
import * as optimizers from "../optimizers/optimizer";
import * as losses from "../losses";
import * as metricsMod from "../metrics";
import { hooks } from "../engine/hooks";

export interface WeightSpec { name: string; shape: number[]; dtype: string }
export interface WeightsGroup { paths: string[]; weights: WeightSpec[] }
const SHARD_BYTES = 4 * 1024 * 1024;

const DTYPE_BYTES: Record<string, { bytes: number; dtype: DTypeName }> = {
  float32: { bytes: 4, dtype: "float32" }, int32: { bytes: 4, dtype: "int32" }, bool: { bytes: 1, dtype: "bool" }, uint8: { bytes: 1, dtype: "uint8" },
};

/** Short weight name (`kernel`) as the layer created it. */
function shortName(v: Variable): string {
  return (v as unknown as { _keras_name?: string })._keras_name ?? v.name.replace(/:\d+$/, "").split("/").pop()!;
}
/** `(layer, weight, manifest name)` for every weight of the model, layer by layer. */
function namedWeights(model: Model): [Layer, Variable, string][] {
  const out: [Layer, Variable, string][] = [];
  const seen = new Set<Variable>();
  for (const layer of model.layers) {
    for (const w of layer.weights) {
      if (seen.has(w)) continue;
      seen.add(w);
      out.push([layer, w, `${layer.name}/${innerName(layer, w)}`]);
    }
  }
  return out;
}
/** Path of a weight below its top-level layer (`kernel`, `forward_lstm/kernel`, ...). */
function innerName(layer: Layer, w: Variable): string {
  return layer._weightPath(w) ?? shortName(w);
}

function encodeWeights(weights: [string, Variable][]): { specs: WeightSpec[]; data: Buffer } {
  const specs: WeightSpec[] = [];
  const bufs: Buffer[] = [];
  for (const [name, v] of weights) {
    const nd = v.numpy();
    let dt = nd.dtype.name as string;
    let arr: ArrayBufferView;
    if (dt === "float32" || dt === "int32" || dt === "uint8" || dt === "bool") arr = nd.data as ArrayBufferView;
    else if (dt === "float64" || dt === "float16") { arr = Float32Array.from(nd.data as Float64Array); dt = "float32"; }
    else if (dt === "int64") { arr = Int32Array.from(nd.data as Float64Array); dt = "int32"; }
    else throw new InvalidArgumentError(msg(`save: weight ${name} has dtype ${dt}, which the TensorFlow.js format cannot store.`, `save: 가중치 ${name}의 dtype ${dt}는 TensorFlow.js 형식으로 저장할 수 없습니다.`));
    specs.push({ name, shape: [...nd.shape], dtype: dt });
    bufs.push(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
  }
  return { specs, data: Buffer.concat(bufs) };
}

function writeShards(dir: string, prefix: string, data: Buffer): string[] {
  const n = Math.max(1, Math.ceil(data.length / SHARD_BYTES));
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const file = `${prefix}-shard${i + 1}of${n}.bin`;
    fs.writeFileSync(path.join(dir, file), data.subarray(i * SHARD_BYTES, Math.min((i + 1) * SHARD_BYTES, data.length)));
    paths.push(file);
  }
  return paths;
}

function resolveTarget(filepath: string, what: string): { dir: string; json: string } {
  if (typeof filepath !== "string" || !filepath) throw new InvalidArgumentError(msg(`${what}: filepath must be a non-empty string.`, `${what}: filepath는 비어 있지 않은 문자열이어야 합니다.`));
  if (/\.(h5|hdf5|keras)$/i.test(filepath)) {
    throw new InvalidArgumentError(msg(
      `${what}: the HDF5/.keras formats are not supported; this library saves in the TensorFlow.js Layers format. Give a folder name (model.json and weight shards go inside) or a path ending in .json.`,
      `${what}: HDF5/.keras 형식은 지원하지 않습니다. 이 라이브러리는 TensorFlow.js Layers 형식으로 저장합니다. 폴더 이름(안에 model.json과 가중치 파일이 생김)이나 .json으로 끝나는 경로를 주세요.`,
    ));
  }
  if (filepath.endsWith(".json")) return { dir: path.dirname(filepath), json: filepath };
  return { dir: filepath, json: path.join(filepath, "model.json") };
}

function trainingConfig(model: Model): Record<string, unknown> | undefined {
  if (!model._is_compiled || !model.optimizer) return undefined;
  const ser = (x: unknown): unknown => {
    if (x == null) return null;
    if (Array.isArray(x)) return x.map(ser);
    if (typeof x === "string") return x;
    if (x instanceof losses.Loss || typeof x === "function") return losses.serialize(x as losses.LossFn);
    if (x instanceof metricsMod.Metric) return metricsMod.serialize(x);
    if (typeof x === "object") { const o: Record<string, unknown> = {}; for (const [k, v] of Object.entries(x)) o[k] = ser(v); return o; }
    return x;
  };
  const a = model._compileArgs!;
  return {
    loss: ser(a.loss), metrics: ser(a.metrics ?? null), weighted_metrics: ser(a.weighted_metrics ?? null), loss_weights: a.loss_weights ?? null,
    optimizer_config: optimizers.serialize(model.optimizer),
  };
}

/** `model.save(filepath)` */
export function saveModel(model: Model, filepath: string, options: { overwrite?: boolean; include_optimizer?: boolean; save_format?: string } = {}): void {
  const { dir, json } = resolveTarget(filepath, "save");
  if (!model.built) {
    throw new InvalidArgumentError(msg("save: the model has not been built yet; call it on data, fit it, or build() it first.", "save: 모델이 아직 만들어지지 않았습니다. 먼저 데이터로 호출하거나 fit 또는 build() 하세요."));
  }
  if (!model._is_graph_network) {
    throw new InvalidArgumentError(msg(
      `save: model "${model.name}" is a subclassed model, whose call() cannot be written as a topology. Use model.save_weights(path) (and rebuild the class to load), or build the model with the functional API or Sequential.`,
      `save: 모델 "${model.name}"은(는) 서브클래싱 모델이라 구조를 저장할 수 없습니다. model.save_weights(path)를 쓰거나, 함수형 API나 Sequential로 모델을 만드세요.`,
    ));
  }
  if (options.overwrite === false && fs.existsSync(json)) throw new InvalidArgumentError(msg(`save: ${json} exists and overwrite=false.`, `save: ${json}이(가) 이미 있고 overwrite=false입니다.`));
  fs.mkdirSync(dir, { recursive: true });
  const { specs, data } = encodeWeights(namedWeights(model).map(([, w, n]) => [n, w]));
  const prefix = json.endsWith("model.json") ? "group1" : `${path.basename(json, ".json")}.group1`;
  const paths = writeShards(dir, prefix, data);
  const artifacts: Record<string, unknown> = {
    format: "layers-model",
    generatedBy: "tensorflow-ts keras",
    convertedBy: null,
    modelTopology: modelTopology(model),
    weightsManifest: [{ paths, weights: specs }],
  };
  if (options.include_optimizer !== false) { const tc = trainingConfig(model); if (tc) artifacts.trainingConfig = tc; }
  fs.writeFileSync(json, JSON.stringify(artifacts));
}

/** `model.save_weights(filepath)`: a JSON weights manifest at `filepath` plus its shard(s) beside it. */
export function saveWeights(model: Model, filepath: string, options: { overwrite?: boolean } = {}): void {
  if (typeof filepath !== "string" || !filepath) throw new InvalidArgumentError(msg("save_weights: filepath must be a non-empty string.", "save_weights: filepath는 비어 있지 않은 문자열이어야 합니다."));
  if (options.overwrite === false && fs.existsSync(filepath)) throw new InvalidArgumentError(msg(`save_weights: ${filepath} exists and overwrite=false.`, `save_weights: ${filepath}이(가) 이미 있고 overwrite=false입니다.`));
  const dir = path.dirname(filepath);
  fs.mkdirSync(dir, { recursive: true });
  const { specs, data } = encodeWeights(namedWeights(model).map(([, w, n]) => [n, w]));
  const paths = writeShards(dir, path.basename(filepath), data);
  fs.writeFileSync(filepath, JSON.stringify({ format: "layers-model-weights", generatedBy: "tensorflow-ts keras", weightsManifest: [{ paths, weights: specs }] }));
}

// ---------------------------------------------------------------- reading
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
/** JSON.parse that refuses keys which could reach object prototypes. */
export function safeParse(text: string, file: string): any {
  try {
    return JSON.parse(text, (key, value) => {
      if (FORBIDDEN.has(key)) throw new SyntaxError(`forbidden key "${key}"`);
      return value;
    });
  } catch (e) {
    throw new InvalidArgumentError(msg(`${file} is not valid model JSON: ${(e as Error).message}.`, `${file}은(는) 올바른 모델 JSON이 아닙니다: ${(e as Error).message}.`));
  }
}

function readJson(file: string): any {
  let text: string;
  try { text = fs.readFileSync(file, "utf8"); } catch (e) {
    throw new NotFoundError(msg(`No file or directory found at ${file} (${(e as Error).message}).`, `${file}에서 파일이나 폴더를 찾지 못했습니다 (${(e as Error).message}).`));
  }
  return safeParse(text, file);
}

/** Decodes a weights manifest into name -> NDArray (in manifest order). */
export function readWeights(manifest: unknown, dir: string, file: string): [string, NDArray][] {
  if (!Array.isArray(manifest)) throw new InvalidArgumentError(msg(`${file}: weightsManifest must be a list of groups.`, `${file}: weightsManifest는 그룹 목록이어야 합니다.`));
  const out: [string, NDArray][] = [];
  const root = path.resolve(dir);
  for (const group of manifest as WeightsGroup[]) {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new InvalidArgumentError(msg(`${file}: each weightsManifest group needs 'paths' and 'weights' lists.`, `${file}: weightsManifest의 각 그룹에는 'paths'와 'weights' 목록이 있어야 합니다.`));
    }
    const bufs: Buffer[] = [];
    for (const p of group.paths) {
      if (typeof p !== "string" || path.isAbsolute(p) || p.split(/[\\/]/).includes("..")) {
        throw new InvalidArgumentError(msg(`${file}: weight shard path ${JSON.stringify(p)} must be a relative path inside the model folder.`, `${file}: 가중치 파일 경로 ${JSON.stringify(p)}는 모델 폴더 안의 상대 경로여야 합니다.`));
      }
      const full = path.resolve(root, p);
      if (!full.startsWith(root + path.sep) && full !== root) throw new InvalidArgumentError(msg(`${file}: weight shard ${p} is outside the model folder.`, `${file}: 가중치 파일 ${p}가 모델 폴더 밖에 있습니다.`));
      try { bufs.push(fs.readFileSync(full)); } catch (e) {
        throw new NotFoundError(msg(`${file}: cannot read weight shard ${p} (${(e as Error).message}).`, `${file}: 가중치 파일 ${p}를 읽을 수 없습니다 (${(e as Error).message}).`));
      }
    }
    const data = Buffer.concat(bufs);
    let expected = 0;
    for (const w of group.weights) {
      if (!w || typeof w.name !== "string" || !Array.isArray(w.shape) || !w.shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new InvalidArgumentError(msg(`${file}: malformed weight entry ${JSON.stringify(w)?.slice(0, 200)}.`, `${file}: 가중치 항목 형식이 잘못되었습니다: ${JSON.stringify(w)?.slice(0, 200)}.`));
      }
      const dt = DTYPE_BYTES[w.dtype ?? "float32"];
      if (!dt) throw new InvalidArgumentError(msg(`${file}: weight ${w.name} has unsupported dtype ${JSON.stringify(w.dtype)} (supported: float32, int32, uint8, bool).`, `${file}: 가중치 ${w.name}의 dtype ${JSON.stringify(w.dtype)}는 지원하지 않습니다.`));
      if ((w as unknown as { quantization?: unknown }).quantization) throw new InvalidArgumentError(msg(`${file}: quantized weights (${w.name}) are not supported.`, `${file}: 양자화된 가중치(${w.name})는 지원하지 않습니다.`));
      expected += w.shape.reduce((a, b) => a * b, 1) * dt.bytes;
    }
    if (expected !== data.length) {
      throw new InvalidArgumentError(msg(
        `${file}: the weight shards (${group.paths.join(", ")}) hold ${data.length} bytes but the manifest describes ${expected} bytes. The files are truncated, corrupted, or belong to another model.`,
        `${file}: 가중치 파일(${group.paths.join(", ")})의 크기는 ${data.length}바이트인데 manifest에는 ${expected}바이트로 되어 있습니다. 파일이 잘렸거나 손상되었거나 다른 모델의 파일입니다.`,
      ));
    }
    let off = 0;
    for (const w of group.weights) {
      const dt = DTYPE_BYTES[w.dtype ?? "float32"];
      const n = w.shape.reduce((a, b) => a * b, 1);
      const bytes = data.subarray(off, off + n * dt.bytes);
      off += n * dt.bytes;
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      const arr = dt.dtype === "float32" ? new Float32Array(copy.buffer) : dt.dtype === "int32" ? new Int32Array(copy.buffer) : copy;
      out.push([w.name, new NDArray(arr, w.shape, dt.dtype)]);
    }
  }
  return out;
}

/** Assigns loaded weights: by full name when possible, else per layer in order (checking shapes first). */
function assignWeights(model: Model, loaded: [string, NDArray][], file: string, opts: { by_name?: boolean; skip_mismatch?: boolean } = {}): void {
  const targets = namedWeights(model);
  const byName = new Map(loaded);
  const byLayer = new Map<string, [string, NDArray][]>();
  for (const [n, a] of loaded) {
    const layer = n.split("/")[0];
    if (!byLayer.has(layer)) byLayer.set(layer, []);
    byLayer.get(layer)!.push([n, a]);
  }
  const plan: [Variable, NDArray][] = [];
  const used = new Set<string>();
  const counters = new Map<string, number>();
  for (const [layer, w, name] of targets) {
    let src: [string, NDArray] | undefined;
    if (byName.has(name)) src = [name, byName.get(name)!];
    else {
      const list = byLayer.get(layer.name) ?? [];
      const i = counters.get(layer.name) ?? 0;
      counters.set(layer.name, i + 1);
      src = list[i];
    }
    if (!src) {
      if (opts.by_name || opts.skip_mismatch) continue;
      throw new InvalidArgumentError(msg(
        `${file}: no saved value for weight '${name}' (layer '${layer.name}'). The file has weights for: ${[...byLayer.keys()].join(", ") || "(none)"}.`,
        `${file}: 가중치 '${name}'(층 '${layer.name}')의 저장된 값이 없습니다. 파일에 있는 층: ${[...byLayer.keys()].join(", ") || "(없음)"}.`,
      ));
    }
    const [sn, arr] = src;
    if (formatShape(arr.shape) !== formatShape(w.shape)) {
      if (opts.skip_mismatch) continue;
      throw new InvalidArgumentError(msg(
        `${file}: shape mismatch for weight '${name}': the model expects ${formatShape(w.shape)} but the file has ${formatShape(arr.shape)} ('${sn}').`,
        `${file}: 가중치 '${name}'의 형태가 다릅니다: 모델은 ${formatShape(w.shape)}인데 파일은 ${formatShape(arr.shape)}입니다 ('${sn}').`,
      ));
    }
    used.add(sn);
    plan.push([w, arr]);
  }
  if (!opts.by_name && !opts.skip_mismatch) {
    const extra = loaded.filter(([n]) => !used.has(n)).map(([n]) => n);
    if (extra.length) {
      throw new InvalidArgumentError(msg(
        `${file}: the file has weights the model does not: ${extra.slice(0, 10).join(", ")}${extra.length > 10 ? ", ..." : ""}. Is this the weights file of another model?`,
        `${file}: 모델에 없는 가중치가 파일에 있습니다: ${extra.slice(0, 10).join(", ")}${extra.length > 10 ? ", ..." : ""}. 다른 모델의 가중치 파일인지 확인하세요.`,
      ));
    }
  }
  for (const [w, a] of plan) w.assign(a.dtype.name === w.dtype.name ? a : new NDArray(Float32Array.from(a.data as Float32Array), a.shape, "float32"));
}

/**
 * Keras's load_weights without by_name: layers with weights are matched in order (names may
 * differ between two instances of the same architecture), weights within a layer in order.
 */
function assignByOrder(model: Model, loaded: [string, NDArray][], file: string, skip_mismatch: boolean): void {
  const fileLayers: [string, NDArray[]][] = [];
  for (const [n, a] of loaded) {
    const layer = n.split("/")[0];
    const last = fileLayers[fileLayers.length - 1];
    if (last && last[0] === layer) last[1].push(a);
    else fileLayers.push([layer, [a]]);
  }
  const modelLayers = model.layers.filter((l) => l.weights.length > 0);
  if (modelLayers.length !== fileLayers.length) {
    throw new InvalidArgumentError(msg(
      `${file}: You are trying to load a weight file containing ${fileLayers.length} layers into a model with ${modelLayers.length} layers.`,
      `${file}: 층 ${fileLayers.length}개의 가중치 파일을 층이 ${modelLayers.length}개인 모델에 불러오려고 합니다.`,
    ));
  }
  const plan: [Variable, NDArray][] = [];
  modelLayers.forEach((layer, i) => {
    const ws = layer.weights, vals = fileLayers[i][1];
    if (ws.length !== vals.length) {
      throw new InvalidArgumentError(msg(
        `${file}: layer #${i} (named "${layer.name}") expects ${ws.length} weight(s), but the saved weights (layer "${fileLayers[i][0]}") have ${vals.length} element(s).`,
        `${file}: ${i}번째 층 "${layer.name}"의 가중치는 ${ws.length}개인데 저장된 값(층 "${fileLayers[i][0]}")은 ${vals.length}개입니다.`,
      ));
    }
    ws.forEach((w, k) => {
      if (formatShape(vals[k].shape) !== formatShape(w.shape)) {
        if (skip_mismatch) return;
        throw new InvalidArgumentError(msg(
          `${file}: shape mismatch in layer #${i} (named "${layer.name}") for weight ${w.name}: the model expects ${formatShape(w.shape)} but the file has ${formatShape(vals[k].shape)}.`,
          `${file}: ${i}번째 층 "${layer.name}"의 가중치 ${w.name} 형태가 다릅니다: 모델은 ${formatShape(w.shape)}, 파일은 ${formatShape(vals[k].shape)}입니다.`,
        ));
      }
      plan.push([w, vals[k]]);
    });
  });
  for (const [w, a] of plan) w.assign(a);
}

/** `model.load_weights(filepath)`: a manifest from save_weights, or a model.json (or its folder). */
export function loadWeights(model: Model, filepath: string, opts: { by_name?: boolean; skip_mismatch?: boolean } = {}): void {
  let file = filepath;
  if (fs.existsSync(filepath) && fs.statSync(filepath).isDirectory()) file = path.join(filepath, "model.json");
  const j = readJson(file);
  if (!j || typeof j !== "object" || !("weightsManifest" in j)) {
    throw new InvalidArgumentError(msg(`${file}: not a weights file (no weightsManifest).`, `${file}: 가중치 파일이 아닙니다 (weightsManifest가 없습니다).`));
  }
  const loaded = readWeights(j.weightsManifest, path.dirname(file), file);
  if (!model.built) {
    throw new InvalidArgumentError(msg("load_weights: build the model first (call it on data or model.build(input_shape)).", "load_weights: 먼저 모델을 만드세요 (데이터로 호출하거나 model.build(input_shape))."));
  }
  if (opts.by_name) assignWeights(model, loaded, file, opts);
  else assignByOrder(model, loaded, file, !!opts.skip_mismatch);
}

/** `tf.keras.models.load_model(filepath, custom_objects=None, compile=True)` */
export function loadModel(filepath: string, options: { custom_objects?: Record<string, unknown>; compile?: boolean } = {}): Model {
  let file = filepath;
  if (typeof filepath !== "string") throw new InvalidArgumentError(msg("load_model: filepath must be a string.", "load_model: filepath는 문자열이어야 합니다."));
  if (fs.existsSync(filepath) && fs.statSync(filepath).isDirectory()) file = path.join(filepath, "model.json");
  const j = readJson(file);
  if (!j || typeof j !== "object" || Array.isArray(j)) throw new InvalidArgumentError(msg(`${file}: expected a JSON object.`, `${file}: JSON 객체가 필요합니다.`));
  let topo = j.modelTopology ?? (j.class_name ? j : undefined);
  if (topo && topo.model_config) topo = topo.model_config;
  if (!topo || typeof topo !== "object" || typeof topo.class_name !== "string") {
    throw new InvalidArgumentError(msg(`${file}: no modelTopology found; is this a TensorFlow.js Layers model.json? (Graph models from tfjs-converter are not Keras models.)`, `${file}: modelTopology가 없습니다. TensorFlow.js Layers 형식의 model.json인지 확인하세요.`));
  }
  const model = deserializeLayer(topo as LayerJSON, options.custom_objects ?? {});
  if (!(model instanceof Model)) throw new InvalidArgumentError(msg(`${file}: the topology describes a ${topo.class_name}, not a model.`, `${file}: 구조가 모델이 아니라 ${topo.class_name}입니다.`));
  if (j.weightsManifest) {
    if (model instanceof Sequential && !model.built) {
      throw new InvalidArgumentError(msg(`${file}: the Sequential model has no input shape, so its weights cannot be loaded.`, `${file}: Sequential 모델에 입력 형태가 없어서 가중치를 불러올 수 없습니다.`));
    }
    assignWeights(model, readWeights(j.weightsManifest, path.dirname(file), file), file);
  }
  const tc = j.trainingConfig ?? j.training_config;
  if (options.compile !== false && tc && typeof tc === "object") {
    try {
      const oc = tc.optimizer_config;
      let opt: optimizers.Optimizer | string = "rmsprop";
      if (oc && typeof oc === "object") {
        const cn = String(oc.class_name);
        opt = optimizers.deserialize({ class_name: cn === "RMSProp" ? "RMSprop" : cn, config: { ...(oc.config ?? {}) } });
      }
      model.compile({ optimizer: opt, loss: tc.loss ?? undefined, metrics: tc.metrics ?? undefined, loss_weights: tc.loss_weights ?? undefined, weighted_metrics: tc.weighted_metrics ?? undefined });
    } catch (e) {
      console.warn(msg(`load_model: the saved training configuration could not be restored (${(e as Error).message}); the model is loaded uncompiled.`, `load_model: 저장된 학습 설정을 복원하지 못했습니다 (${(e as Error).message}). 모델은 compile되지 않은 상태로 불러옵니다.`));
    }
  }
  return model;
}

/** `tf.keras.models.model_from_json(json_string, custom_objects=None)` */
export function modelFromJson(json: string, custom_objects: Record<string, unknown> = {}): Model {
  const j = safeParse(json, "model_from_json");
  const m = deserializeLayer(j as LayerJSON, custom_objects);
  if (!(m instanceof Model)) throw new InvalidArgumentError(msg("model_from_json: the JSON does not describe a model.", "model_from_json: JSON이 모델을 나타내지 않습니다."));
  return m;
}

hooks.save = { saveModel, saveWeights, loadWeights, loadModel, modelFromJson, readWeights, safeParse };
