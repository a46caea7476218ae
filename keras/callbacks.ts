/**
 * `tf.keras.callbacks`: hooks into fit/evaluate/predict, with Keras 2's behaviour and messages.
 */
import * as fs from "fs";
import * as path from "path";
import { InvalidArgumentError, msg, checkOptions } from "../core/errors";
import { Progbar } from "./utils/progbar";
import type { Model } from "./engine/training";

export type Logs = Record<string, number>;

export class Callback {
  model: Model | null = null;
  params: Record<string, unknown> = {};
  validation_data: unknown = null;
  set_model(model: Model): void { this.model = model; }
  set_params(params: Record<string, unknown>): void { this.params = params; }
  on_train_begin(_logs?: Logs): void {}
  on_train_end(_logs?: Logs): void {}
  on_epoch_begin(_epoch: number, _logs?: Logs): void {}
  on_epoch_end(_epoch: number, _logs?: Logs): void {}
  on_train_batch_begin(_batch: number, _logs?: Logs): void {}
  on_train_batch_end(_batch: number, _logs?: Logs): void {}
  on_test_begin(_logs?: Logs): void {}
  on_test_end(_logs?: Logs): void {}
  on_test_batch_begin(_batch: number, _logs?: Logs): void {}
  on_test_batch_end(_batch: number, _logs?: Logs): void {}
  on_predict_begin(_logs?: Logs): void {}
  on_predict_end(_logs?: Logs): void {}
  on_predict_batch_begin(_batch: number, _logs?: Logs): void {}
  on_predict_batch_end(_batch: number, _logs?: Logs): void {}
  // Keras 1 names, still called by Keras 2 for train batches.
  on_batch_begin(batch: number, logs?: Logs): void { this.on_train_batch_begin(batch, logs); }
  on_batch_end(batch: number, logs?: Logs): void { this.on_train_batch_end(batch, logs); }
}

/** Runs a list of callbacks (Keras's CallbackList). */
export class CallbackList {
  callbacks: Callback[];
  constructor(callbacks: Callback[] = []) { this.callbacks = callbacks; }
  set_model(m: Model): void { for (const c of this.callbacks) c.set_model(m); }
  set_params(p: Record<string, unknown>): void { for (const c of this.callbacks) c.set_params(p); }
  private each(fn: (c: Callback) => void): void { for (const c of this.callbacks) fn(c); }
  on_train_begin(logs?: Logs): void { this.each((c) => c.on_train_begin(logs)); }
  on_train_end(logs?: Logs): void { this.each((c) => c.on_train_end(logs)); }
  on_epoch_begin(e: number, logs?: Logs): void { this.each((c) => c.on_epoch_begin(e, logs)); }
  on_epoch_end(e: number, logs?: Logs): void { this.each((c) => c.on_epoch_end(e, logs)); }
  on_train_batch_begin(b: number, logs?: Logs): void { this.each((c) => c.on_batch_begin(b, logs)); }
  on_train_batch_end(b: number, logs?: Logs): void { this.each((c) => c.on_batch_end(b, logs)); }
  on_test_begin(logs?: Logs): void { this.each((c) => c.on_test_begin(logs)); }
  on_test_end(logs?: Logs): void { this.each((c) => c.on_test_end(logs)); }
  on_test_batch_begin(b: number, logs?: Logs): void { this.each((c) => c.on_test_batch_begin(b, logs)); }
  on_test_batch_end(b: number, logs?: Logs): void { this.each((c) => c.on_test_batch_end(b, logs)); }
  on_predict_begin(logs?: Logs): void { this.each((c) => c.on_predict_begin(logs)); }
  on_predict_end(logs?: Logs): void { this.each((c) => c.on_predict_end(logs)); }
  on_predict_batch_begin(b: number, logs?: Logs): void { this.each((c) => c.on_predict_batch_begin(b, logs)); }
  on_predict_batch_end(b: number, logs?: Logs): void { this.each((c) => c.on_predict_batch_end(b, logs)); }
}

/** `tf.keras.callbacks.History`: `history.history` maps each log name to its per-epoch values. */
export class History extends Callback {
  history: Record<string, number[]> = {};
  epoch: number[] = [];
  override on_train_begin(): void { this.epoch = []; }
  override on_epoch_end(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history[k] ??= []).push(v);
    if (this.model) this.model.history = this;
  }
}

/** `tf.keras.callbacks.ProgbarLogger(count_mode='samples', stateful_metrics=None)` (fit uses count_mode='steps'). */
export class ProgbarLogger extends Callback {
  use_steps: boolean;
  verbose = 1;
  epochs = 1;
  target: number | null = null;
  seen = 0;
  progbar: Progbar | null = null;
  _called_in_fit = false;
  stream?: { write: (s: string) => unknown; isTTY?: boolean };
  constructor(count_mode: "samples" | "steps" | { count_mode?: "samples" | "steps"; stateful_metrics?: string[] } = "samples") {
    super();
    const cm = typeof count_mode === "object" ? count_mode.count_mode ?? "samples" : count_mode;
    if (cm !== "samples" && cm !== "steps") {
      throw new InvalidArgumentError(msg(`Unknown count_mode: ${String(cm)}. Expected "samples" or "steps".`, `알 수 없는 count_mode: ${String(cm)}. "samples" 또는 "steps"여야 합니다.`));
    }
    this.use_steps = cm === "steps";
  }
  override set_params(params: Record<string, unknown>): void {
    super.set_params(params);
    this.verbose = (params.verbose as number) ?? 1;
    this.epochs = (params.epochs as number) ?? 1;
    if (this.use_steps && params.steps != null) this.target = params.steps as number;
    else if (!this.use_steps && params.samples != null) this.target = params.samples as number;
    else this.target = null;
  }
  private reset(): void { this.seen = 0; this.progbar = null; }
  private init(): void {
    if (!this.progbar) {
      // Every value Keras 2 logs is already an epoch average, so the bar shows it as given.
      this.progbar = new Progbar(this.target, { verbose: this.verbose, stateful_metrics: "all", unit_name: this.use_steps ? "step" : "sample", stream: this.stream });
    }
  }
  override on_train_begin(): void { this._called_in_fit = true; this.reset(); this.init(); }
  override on_test_begin(): void { if (!this._called_in_fit) { this.reset(); this.init(); } }
  override on_predict_begin(): void { this.reset(); this.init(); }
  override on_epoch_begin(epoch: number): void {
    this.reset(); this.init();
    if (this.verbose && this.epochs > 1) (this.stream ?? process.stdout).write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }
  override on_train_batch_end(batch: number, logs?: Logs): void { this.batchUpdate(batch, logs); }
  override on_test_batch_end(batch: number, logs?: Logs): void { if (!this._called_in_fit) this.batchUpdate(batch, logs); }
  override on_predict_batch_end(batch: number): void { this.batchUpdate(batch, undefined); }
  override on_epoch_end(_epoch: number, logs?: Logs): void { this.finalize(logs); }
  override on_test_end(logs?: Logs): void { if (!this._called_in_fit) this.finalize(logs); }
  override on_predict_end(): void { this.finalize(undefined); }
  override on_train_end(): void { this._called_in_fit = false; }
  private batchUpdate(batch: number, logs?: Logs): void {
    this.init();
    if (this.use_steps) this.seen = batch + 1;
    else this.seen += (logs?.size as number) ?? 1;
    if (this.verbose === 1) this.progbar!.update(this.seen, Object.entries(logs ?? {}).filter(([k]) => k !== "batch" && k !== "size"), false);
  }
  private finalize(logs?: Logs): void {
    this.init();
    if (this.target === null) { this.target = this.seen; this.progbar!.target = this.seen; }
    this.progbar!.target = this.target;
    this.progbar!.update(this.target, Object.entries(logs ?? {}).filter(([k]) => k !== "batch" && k !== "size"), true);
  }
}

function monitorOp(mode: string, monitor: string, who: string): (a: number, b: number) => boolean {
  if (!["auto", "min", "max"].includes(mode)) {
    console.warn(`${who} mode ${mode} is unknown, fallback to auto mode.`);
    mode = "auto";
  }
  if (mode === "min") return (a, b) => a < b;
  if (mode === "max") return (a, b) => a > b;
  return monitor.endsWith("acc") || monitor.endsWith("accuracy") || monitor.startsWith("fmeasure") || monitor.endsWith("auc") ? (a, b) => a > b : (a, b) => a < b;
}

interface EarlyStoppingArgs { monitor?: string; min_delta?: number; patience?: number; verbose?: number; mode?: "auto" | "min" | "max"; baseline?: number | null; restore_best_weights?: boolean; start_from_epoch?: number }
/** `EarlyStopping(monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto', baseline=None, restore_best_weights=False, start_from_epoch=0)` */
export class EarlyStopping extends Callback {
  monitor: string; min_delta: number; patience: number; verbose: number; baseline: number | null; restore_best_weights: boolean; start_from_epoch: number;
  wait = 0; stopped_epoch = 0; best = Infinity; best_epoch = 0;
  private better: (a: number, b: number) => boolean;
  private bestWeights: unknown[] | null = null;
  constructor(args: EarlyStoppingArgs = {}) {
    super();
    checkOptions("EarlyStopping", args, ["monitor", "min_delta", "patience", "verbose", "mode", "baseline", "restore_best_weights", "start_from_epoch"]);
    this.monitor = args.monitor ?? "val_loss";
    this.patience = args.patience ?? 0;
    this.verbose = args.verbose ?? 0;
    this.baseline = args.baseline ?? null;
    this.restore_best_weights = !!args.restore_best_weights;
    this.start_from_epoch = args.start_from_epoch ?? 0;
    this.better = monitorOp(args.mode ?? "auto", this.monitor, "EarlyStopping");
    const increasing = this.better(1, 0);
    this.min_delta = Math.abs(args.min_delta ?? 0) * (increasing ? 1 : -1);
  }
  override on_train_begin(): void {
    this.wait = 0; this.stopped_epoch = 0; this.best_epoch = 0; this.bestWeights = null;
    this.best = this.better(1, 0) ? -Infinity : Infinity;
  }
  override on_epoch_end(epoch: number, logs: Logs = {}): void {
    const current = logs[this.monitor];
    if (current === undefined || epoch < this.start_from_epoch) {
      if (current === undefined) console.warn(`Early stopping conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(",")}`);
      return;
    }
    if (this.restore_best_weights && this.bestWeights === null) this.bestWeights = this.model!.get_weights();
    this.wait += 1;
    if (this.better(current - this.min_delta, this.best)) {
      this.best = current; this.best_epoch = epoch;
      if (this.restore_best_weights) this.bestWeights = this.model!.get_weights();
      if (this.baseline === null || this.better(current - this.min_delta, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stopped_epoch = epoch;
      this.model!.stop_training = true;
      if (this.restore_best_weights && this.bestWeights) {
        if (this.verbose > 0) console.log("Restoring model weights from the end of the best epoch: " + `${this.best_epoch + 1}.`);
        this.model!.set_weights(this.bestWeights as never);
      }
    }
  }
  override on_train_end(): void {
    if (this.stopped_epoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stopped_epoch + 1}: early stopping`);
  }
  get_monitor_value(logs: Logs): number | undefined { return logs[this.monitor]; }
}

interface CheckpointArgs { filepath?: string; monitor?: string; verbose?: number; save_best_only?: boolean; save_weights_only?: boolean; mode?: "auto" | "min" | "max"; save_freq?: "epoch" | number; initial_value_threshold?: number | null }
/** `ModelCheckpoint(filepath, monitor='val_loss', verbose=0, save_best_only=False, save_weights_only=False, mode='auto', save_freq='epoch')` */
export class ModelCheckpoint extends Callback {
  filepath: string; monitor: string; verbose: number; save_best_only: boolean; save_weights_only: boolean; save_freq: "epoch" | number;
  best: number;
  private better: (a: number, b: number) => boolean;
  private batchesSeen = 0;
  private currentEpoch = 0;
  constructor(filepath: string | CheckpointArgs, args: CheckpointArgs = {}) {
    super();
    if (typeof filepath === "object") { args = filepath; filepath = args.filepath as string; }
    checkOptions("ModelCheckpoint", args, ["filepath", "monitor", "verbose", "save_best_only", "save_weights_only", "mode", "save_freq", "initial_value_threshold", "options"]);
    if (typeof filepath !== "string" || !filepath) throw new InvalidArgumentError(msg("ModelCheckpoint: filepath is required.", "ModelCheckpoint: filepath가 필요합니다."));
    this.filepath = filepath;
    this.monitor = args.monitor ?? "val_loss";
    this.verbose = args.verbose ?? 0;
    this.save_best_only = !!args.save_best_only;
    this.save_weights_only = !!args.save_weights_only;
    this.save_freq = args.save_freq ?? "epoch";
    this.better = monitorOp(args.mode ?? "auto", this.monitor, "ModelCheckpoint");
    this.best = args.initial_value_threshold ?? (this.better(1, 0) ? -Infinity : Infinity);
  }
  /** Fills `{epoch:02d}`, `{val_loss:.2f}`-style placeholders (Python format specs). */
  _get_file_path(epoch: number, logs: Logs): string {
    const vals: Record<string, number> = { epoch: epoch + 1, ...logs };
    return this.filepath.replace(/\{(\w+)(?::([^}]*))?\}/g, (all, key: string, spec?: string) => {
      if (!(key in vals)) return all;
      return pyFormat(vals[key], spec);
    });
  }
  override on_epoch_begin(epoch: number): void { this.currentEpoch = epoch; }
  override on_train_batch_end(): void {
    if (typeof this.save_freq === "number") {
      this.batchesSeen++;
      if (this.batchesSeen % this.save_freq === 0) this.save(this.currentEpoch, {});
    }
  }
  override on_epoch_end(epoch: number, logs: Logs = {}): void { if (this.save_freq === "epoch") this.save(epoch, logs); }
  private save(epoch: number, logs: Logs): void {
    const file = this._get_file_path(epoch, logs);
    if (this.save_best_only) {
      const current = logs[this.monitor];
      if (current === undefined) { console.warn(`Can save best model only with ${this.monitor} available, skipping.`); return; }
      if (!this.better(current, this.best)) {
        if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${this.best.toFixed(5)}`);
        return;
      }
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ${this.monitor} improved from ${this.best.toFixed(5)} to ${current.toFixed(5)}, saving model to ${file}`);
      this.best = current;
    } else if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: saving model to ${file}`);
    if (this.save_weights_only) this.model!.save_weights(file, { overwrite: true });
    else this.model!.save(file, { overwrite: true });
  }
}

/** Python's format mini-language for numbers: `02d`, `.2f`, `.4e`, ''. */
export function pyFormat(v: number, spec?: string): string {
  if (!spec) return Number.isInteger(v) ? String(v) : String(v);
  const mm = /^(0)?(\d+)?(?:\.(\d+))?([dfeg%])?$/.exec(spec);
  if (!mm) return String(v);
  const [, zero, width, prec, type] = mm;
  let s: string;
  if (type === "d") s = String(Math.trunc(v));
  else if (type === "e") s = v.toExponential(prec ? Number(prec) : 6).replace(/e([+-])(\d)$/, "e$10$2");
  else if (type === "%") s = (v * 100).toFixed(prec ? Number(prec) : 6) + "%";
  else s = v.toFixed(prec ? Number(prec) : 6);
  if (width) s = s.padStart(Number(width), zero ? "0" : " ");
  return s;
}

/** `LearningRateScheduler(schedule, verbose=0)`: schedule(epoch, lr) -> new lr, set before each epoch. */
export class LearningRateScheduler extends Callback {
  schedule: (epoch: number, lr: number) => number;
  verbose: number;
  constructor(schedule: ((epoch: number, lr: number) => number) | { schedule: (epoch: number, lr: number) => number; verbose?: number }, verbose = 0) {
    super();
    if (typeof schedule === "object") { verbose = schedule.verbose ?? 0; schedule = schedule.schedule; }
    if (typeof schedule !== "function") throw new InvalidArgumentError(msg("LearningRateScheduler: schedule must be a function (epoch, lr) => lr.", "LearningRateScheduler: schedule은 (epoch, lr) => lr 함수여야 합니다."));
    this.schedule = schedule;
    this.verbose = verbose;
  }
  override on_epoch_begin(epoch: number): void {
    const opt = this.model!.optimizer!;
    const cur = opt.learning_rate;
    if (typeof cur !== "number") throw new InvalidArgumentError(msg('The optimizer must have a numeric "learning_rate" (not a schedule) to use LearningRateScheduler.', 'LearningRateScheduler를 쓰려면 옵티마이저의 "learning_rate"가 (스케줄이 아닌) 수여야 합니다.'));
    const lr = Number(this.schedule(epoch, cur));
    if (!Number.isFinite(lr)) throw new InvalidArgumentError(msg('The output of the "schedule" function should be a finite float.', '"schedule" 함수의 결과는 유한한 실수여야 합니다.'));
    opt.learning_rate = lr;
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${lr}.`);
  }
  override on_epoch_end(_epoch: number, logs?: Logs): void {
    if (logs) { const lr = this.model!.optimizer!.learning_rate; if (typeof lr === "number") logs.lr = lr; }
  }
}

interface PlateauArgs { monitor?: string; factor?: number; patience?: number; verbose?: number; mode?: "auto" | "min" | "max"; min_delta?: number; cooldown?: number; min_lr?: number; epsilon?: number }
/** `ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=10, verbose=0, mode='auto', min_delta=1e-4, cooldown=0, min_lr=0)` */
export class ReduceLROnPlateau extends Callback {
  monitor: string; factor: number; patience: number; verbose: number; min_delta: number; cooldown: number; min_lr: number;
  wait = 0; cooldown_counter = 0; best = Infinity;
  private better: (a: number, b: number) => boolean;
  constructor(args: PlateauArgs = {}) {
    super();
    checkOptions("ReduceLROnPlateau", args, ["monitor", "factor", "patience", "verbose", "mode", "min_delta", "cooldown", "min_lr", "epsilon"]);
    this.monitor = args.monitor ?? "val_loss";
    this.factor = args.factor ?? 0.1;
    if (this.factor >= 1) throw new InvalidArgumentError(msg("ReduceLROnPlateau does not support a factor >= 1.0.", "ReduceLROnPlateau의 factor는 1.0보다 작아야 합니다."));
    this.patience = args.patience ?? 10;
    this.verbose = args.verbose ?? 0;
    this.min_delta = args.min_delta ?? args.epsilon ?? 1e-4;
    this.cooldown = args.cooldown ?? 0;
    this.min_lr = args.min_lr ?? 0;
    const mode = args.mode ?? "auto";
    const maximize = mode === "max" || (mode === "auto" && this.monitor.includes("acc"));
    this.better = maximize ? (a, b) => a > b + this.min_delta : (a, b) => a < b - this.min_delta;
    this.best = maximize ? -Infinity : Infinity;
  }
  override on_train_begin(): void { this.wait = 0; this.cooldown_counter = 0; this.best = this.better(1, 0) && !this.better(0, 1) ? -Infinity : Infinity; }
  override on_epoch_end(epoch: number, logs: Logs = {}): void {
    const opt = this.model!.optimizer!;
    if (typeof opt.learning_rate === "number") logs.lr = opt.learning_rate;
    const current = logs[this.monitor];
    if (current === undefined) {
      console.warn(`Learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(",")}`);
      return;
    }
    if (this.cooldown_counter > 0) { this.cooldown_counter--; this.wait = 0; }
    if (this.better(current, this.best)) { this.best = current; this.wait = 0; return; }
    if (this.cooldown_counter > 0) return;
    this.wait++;
    if (this.wait >= this.patience) {
      const old = opt.learning_rate as number;
      if (old > this.min_lr) {
        const next = Math.max(old * this.factor, this.min_lr);
        opt.learning_rate = next;
        if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${next}.`);
        this.cooldown_counter = this.cooldown;
        this.wait = 0;
      }
    }
  }
}

/** `CSVLogger(filename, separator=',', append=False)`: one row per epoch. */
export class CSVLogger extends Callback {
  filename: string; separator: string; append: boolean;
  private keys: string[] | null = null;
  constructor(filename: string | { filename: string; separator?: string; append?: boolean }, separator = ",", append = false) {
    super();
    if (typeof filename === "object") { separator = filename.separator ?? ","; append = !!filename.append; filename = filename.filename; }
    this.filename = filename; this.separator = separator; this.append = append;
  }
  override on_train_begin(): void {
    this.keys = null;
    if (!this.append) fs.mkdirSync(path.dirname(path.resolve(this.filename)), { recursive: true });
    if (!this.append && fs.existsSync(this.filename)) fs.unlinkSync(this.filename);
  }
  override on_epoch_end(epoch: number, logs: Logs = {}): void {
    const exists = fs.existsSync(this.filename) && fs.statSync(this.filename).size > 0;
    if (!this.keys) this.keys = Object.keys(logs).sort();
    const lines: string[] = [];
    if (!exists) lines.push(["epoch", ...this.keys].join(this.separator));
    lines.push([String(epoch), ...this.keys.map((k) => (k in logs ? pyRepr(logs[k]) : "NA"))].join(this.separator));
    fs.appendFileSync(this.filename, lines.join("\r\n") + "\r\n");
  }
}
/** Python's repr of a float (shortest round-trip, with `.0` for integers). */
function pyRepr(v: number): string {
  if (Number.isInteger(v)) return `${v}.0`;
  return String(v);
}

type Hook = ((...a: any[]) => void) | undefined;
interface LambdaArgs {
  on_epoch_begin?: Hook; on_epoch_end?: Hook; on_batch_begin?: Hook; on_batch_end?: Hook; on_train_begin?: Hook; on_train_end?: Hook;
  on_train_batch_begin?: Hook; on_train_batch_end?: Hook;
}
/** `LambdaCallback(on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None, on_train_begin=None, on_train_end=None)` */
export class LambdaCallback extends Callback {
  private hooks: LambdaArgs;
  constructor(args: LambdaArgs = {}) {
    super();
    checkOptions("LambdaCallback", args, ["on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end", "on_train_begin", "on_train_end", "on_train_batch_begin", "on_train_batch_end"]);
    this.hooks = args;
  }
  override on_epoch_begin(e: number, logs?: Logs): void { this.hooks.on_epoch_begin?.(e, logs); }
  override on_epoch_end(e: number, logs?: Logs): void { this.hooks.on_epoch_end?.(e, logs); }
  override on_batch_begin(b: number, logs?: Logs): void { (this.hooks.on_batch_begin ?? this.hooks.on_train_batch_begin)?.(b, logs); }
  override on_batch_end(b: number, logs?: Logs): void { (this.hooks.on_batch_end ?? this.hooks.on_train_batch_end)?.(b, logs); }
  override on_train_begin(logs?: Logs): void { this.hooks.on_train_begin?.(logs); }
  override on_train_end(logs?: Logs): void { this.hooks.on_train_end?.(logs); }
}

/** `TerminateOnNaN()` */
export class TerminateOnNaN extends Callback {
  override on_batch_end(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      console.log(`Batch ${batch}: Invalid loss, terminating training`);
      this.model!.stop_training = true;
    }
  }
}
