/**
 * tf.GradientTape: records the ops run while it is active (`tape.record(fn)` stands in for
 * Python's `with tf.GradientTape() as tape:`) and computes gradients by walking the record
 * backwards through each op's gradient rule. Rules are written with ops, so:
 *  - eagerly, gradient ops run eagerly, and an outer recording tape records them (higher order);
 *  - inside tf.function tracing the same rules add graph nodes.
 *
 * The tape holds only what it recorded; a non-persistent tape drops everything once `gradient`
 * (or `jacobian`) has run, so no tensor stays alive because of it.
 */
import { Tensor } from "../tensor/tensor";
import { ctx, OpDef, TapeListener, runOp, keptTensors, buildingGraph, emptyList, listWithout } from "../engine/engine";
import { InvalidArgumentError, checkOptions, msg } from "../errors";
import { Variable } from "../variable";
import { flatten, packSequenceAs } from "./nest";
import { constant } from "../ops/convert";
import { formatShape, shapesEqual, sizeOf } from "../tensor/shape";
import "./ops";

export interface Entry {
  def: OpDef;
  inputs: Tensor[];
  outputs: Tensor[];
  attrs: any;
  /** Graph gradients: the forward op's name (gradient nodes go in scope `<name>_grad`). */
  name?: string;
}

export type UnconnectedGradients = "none" | "zero";
const TAPE_KEYS = ["persistent", "watch_accessed_variables"] as const;

function differentiable(t: Tensor): boolean {
  const k = t.dtype.kind;
  return k === "f" || k === "c";
}

const warnedDtypes = new Set<string>();
function warnNotFloat(t: Tensor): void {
  const key = t.dtype.name;
  if (warnedDtypes.has(key)) return;
  warnedDtypes.add(key);
  console.warn(msg(
    `WARNING: The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.${t.dtype.name}. Its gradient will be None.`,
    `경고: 지켜보는(watch) 텐서의 dtype은 실수형(예: tf.float32)이어야 하는데 tf.${t.dtype.name}입니다. 기울기는 None이 됩니다.`,
  ));
}

function isLeaf(v: unknown): boolean {
  return v instanceof Tensor || v instanceof Variable;
}

/** Sums a list of gradient contributions with ops (so outer tapes and graphs see the sum). */
export function sumGrads(gs: Tensor[]): Tensor {
  let acc = gs[0];
  for (let i = 1; i < gs.length; i++) acc = runOp("AddV2", [acc, gs[i]], {})[0];
  return acc;
}

/**
 * One backward pass over recorded entries. `seeds`: target tensors with their output gradients.
 * Returns gradient contributions per tensor id for the ids in `wanted`.
 */
export function backprop(
  entries: readonly Entry[],
  seeds: [Tensor, Tensor][],
  wanted: Set<number>,
  sourceIds: Set<number>,
  scoped?: <R>(e: Entry, f: () => R) => R,
): Map<number, Tensor> {
  // Forward pass: which tensors depend on a source (only those carry useful gradients).
  const dependsOn = new Set<number>(sourceIds);
  const useful: boolean[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    let hit = false;
    for (const x of e.inputs) if (dependsOn.has(x.id)) { hit = true; break; }
    useful[i] = hit;
    if (hit) for (const y of e.outputs) if (differentiable(y)) dependsOn.add(y.id);
  }
  const pending = new Map<number, Tensor[]>();
  const push = (id: number, g: Tensor) => {
    const l = pending.get(id);
    if (l) l.push(g); else pending.set(id, [g]);
  };
  for (let i = 0; i < seeds.length; i++) push(seeds[i][0].id, seeds[i][1]);
  const result = new Map<number, Tensor>();
  const take = (id: number): Tensor | null => {
    const l = pending.get(id);
    if (!l) return null;
    const s = l.length === 1 ? l[0] : sumGrads(l);
    if (l.length > 1) pending.set(id, [s]);
    return s;
  };
  for (let i = entries.length - 1; i >= 0; i--) {
    if (!useful[i]) continue;
    const e = entries[i];
    let any = false;
    const dys: (Tensor | null)[] = new Array(e.outputs.length);
    for (let k = 0; k < e.outputs.length; k++) {
      const y = e.outputs[k];
      const g = differentiable(y) ? take(y.id) : null;
      dys[k] = g;
      if (g) any = true;
      if (!wanted.has(y.id)) pending.delete(y.id);
    }
    if (!any || !e.def.grad) continue;
    const needs = new Array<boolean>(e.inputs.length);
    for (let k = 0; k < e.inputs.length; k++) needs[k] = dependsOn.has(e.inputs[k].id) && differentiable(e.inputs[k]);
    const dxs = scoped ? scoped(e, () => e.def.grad!(dys, e.inputs, e.outputs, e.attrs, needs)) : e.def.grad(dys, e.inputs, e.outputs, e.attrs, needs);
    for (let k = 0; k < e.inputs.length; k++) {
      const x = e.inputs[k];
      const g = dxs[k];
      if (!g || !dependsOn.has(x.id) || !differentiable(x)) continue;
      if (!shapesEqual(g.shape, x.shape) && g.shape.every((d) => d !== null) && x.shape.every((d) => d !== null)) {
        throw new InvalidArgumentError(
          `internal: the gradient rule of ${e.def.name} returned shape ${formatShape(g.shape)} for input ${k} of shape ${formatShape(x.shape)}.`,
        );
      }
      push(x.id, g.dtype === x.dtype ? g : runOp("Cast", [g], { DstT: x.dtype, SrcT: g.dtype })[0]);
    }
  }
  for (const id of wanted) {
    const g = take(id);
    if (g) result.set(id, g);
  }
  return result;
}

/**
 * `tf.GradientTape(persistent=False, watch_accessed_variables=True)`.
 *
 * ```ts
 * const tape = new tf.GradientTape();
 * const loss = tape.record(() => tf.reduce_sum(tf.square(tf.matmul(x, W))));
 * const dW = tape.gradient(loss, W);
 * ```
 */
export class GradientTape implements TapeListener {
  readonly persistent: boolean;
  readonly watch_accessed_variables: boolean;
  private _entries: Entry[] = [];
  /** Ids of tensors that are watched or computed from watched tensors. */
  private _watched = new Set<number>();
  /** Eager tensors watched while tracing: their ids -> the ids of their graph captures. */
  private _aliases = new Map<number, number[]>();
  /** Variables watched, with the ids of the tensors their reads produced. */
  private _variables = new Map<Variable, Set<Tensor>>();
  /** Kept after gradient() (variables, not tensors) for watched_variables(). */
  private _watchedVariables = new Set<Variable>();
  private _used = false;
  private _recording = false;

  constructor(persistent: boolean | { persistent?: boolean; watch_accessed_variables?: boolean } = false, watch_accessed_variables = true) {
    if (typeof persistent === "object" && persistent !== null) {
      checkOptions("GradientTape", persistent, TAPE_KEYS);
      this.persistent = !!persistent.persistent;
      this.watch_accessed_variables = persistent.watch_accessed_variables ?? true;
    } else {
      this.persistent = !!persistent;
      this.watch_accessed_variables = watch_accessed_variables;
    }
  }

  // ---------------------------------------------------------------- recording
  /** Runs `fn` while this tape records (Python's `with tape:` block) and returns its result. */
  record<T>(fn: () => T): T {
    if (typeof fn !== "function") {
      throw new TypeError(msg(
        "tape.record(fn): pass the block as a function, e.g. tape.record(() => tf.square(x)).",
        "tape.record(fn): 블록을 함수로 넘기세요. 예: tape.record(() => tf.square(x))",
      ));
    }
    if (this._recording) {
      throw new Error(msg("Tape is still recording: this tape is already active (nested record of the same tape).", "이 테이프는 이미 기록 중입니다 (같은 테이프를 중첩해서 record할 수 없습니다)."));
    }
    this._start();
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this._stop();
      throw e;
    }
    if (result && typeof (result as { then?: unknown }).then === "function") {
      // An async block: keep recording until it settles.
      return (result as unknown as Promise<unknown>).then(
        (v) => { this._stop(); return v; },
        (e) => { this._stop(); throw e; },
      ) as unknown as T;
    }
    this._stop();
    return result;
  }

  private _start(): void {
    this._recording = true;
    ctx.tapes = ctx.tapes.concat(this);
  }
  private _stop(): void {
    this._recording = false;
    ctx.tapes = listWithout(ctx.tapes, this as TapeListener);
  }

  /** Pauses recording while `fn` runs (`with tape.stop_recording():`). */
  stop_recording<T>(fn: () => T): T {
    if (!this._recording) {
      throw new Error(msg("Tape.stop_recording() can only be used inside tape.record(...) (the tape is not recording).", "stop_recording()은 tape.record(...) 안에서만 쓸 수 있습니다 (지금 기록 중이 아닙니다)."));
    }
    const before = ctx.tapes;
    ctx.tapes = listWithout(before, this as TapeListener);
    try {
      return fn();
    } finally {
      ctx.tapes = ctx.tapes.includes(this) ? ctx.tapes : ctx.tapes.concat(this);
      if (!before.includes(this)) ctx.tapes = listWithout(ctx.tapes, this as TapeListener);
    }
  }

  /** Forgets everything recorded so far (`tape.reset()`). */
  reset(): void {
    this._entries = [];
    this._watched.clear();
    this._variables.clear();
    this._watchedVariables.clear();
    this._used = false;
  }

  /** Ensures `tensor` (a tensor, a variable, or a nested structure of them) is traced. */
  watch(tensor: unknown): void {
    for (const leaf of flatten(tensor, isLeaf)) {
      if (leaf instanceof Variable) {
        if (!this._variables.has(leaf)) this._variables.set(leaf, new Set());
        this._watchedVariables.add(leaf);
      } else if (leaf instanceof Tensor) {
        if (!differentiable(leaf)) { warnNotFloat(leaf); continue; }
        this._watched.add(leaf.id);
        // Inside tf.function an eager tensor enters the graph as a capture: ops see that tensor,
        // so it is watched too and stands for the eager one in gradient().
        const g = buildingGraph();
        if (g && !leaf._source) {
          const c = g.capture(leaf);
          if (c !== leaf) {
            this._watched.add(c.id);
            const al = this._aliases.get(leaf.id);
            if (al) al.push(c.id); else this._aliases.set(leaf.id, [c.id]);
          }
        }
      } else {
        throw new InvalidArgumentError(msg(
          `GradientTape.watch: expected tensors or variables, got ${typeof leaf === "object" ? Object.prototype.toString.call(leaf) : String(leaf)}.`,
          `GradientTape.watch: 텐서나 변수만 지켜볼 수 있는데 ${String(leaf)}이(가) 왔습니다.`,
        ));
      }
    }
  }

  /** Variables this tape watched (explicitly or by access), in first-seen order. */
  watched_variables(): Variable[] { return [...this._watchedVariables]; }

  private _watchVariableRead(v: Variable, t: Tensor): void {
    let s = this._variables.get(v);
    if (!s) this._variables.set(v, (s = new Set()));
    this._watchedVariables.add(v);
    s.add(t);
    if (differentiable(t)) this._watched.add(t.id);
  }

  /** TapeListener: a variable was read. */
  readVariable(variable: unknown, value: Tensor): void {
    const v = variable as Variable;
    if (this._variables.has(v) || (this.watch_accessed_variables && v.trainable)) this._watchVariableRead(v, value);
  }

  /** TapeListener: an op ran (or was added to the graph being traced). */
  recordOp(def: OpDef, inputs: Tensor[], outputs: Tensor[], attrs: any): void {
    const w = this._watched;
    for (let i = 0; i < inputs.length; i++) {
      if (w.has(inputs[i].id)) {
        if (!def.grad && def.nonDifferentiable) return;
        this._entries.push({ def, inputs, outputs, attrs });
        for (let k = 0; k < outputs.length; k++) if (differentiable(outputs[k])) w.add(outputs[k].id);
        return;
      }
    }
  }

  // ---------------------------------------------------------------- gradients
  private _checkUsable(what: string): void {
    if (this._used && !this.persistent) {
      throw new Error(msg(
        `A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians). ` +
        `Create the tape with new tf.GradientTape({ persistent: true }) to call ${what} more than once.`,
        `영속적이지 않은(non-persistent) GradientTape로는 기울기를 한 번만 계산할 수 있습니다. ` +
        `${what}을(를) 여러 번 부르려면 new tf.GradientTape({ persistent: true })로 만드세요.`,
      ));
    }
  }

  /** Ids of the tensors that stand for a source (a variable: every read of it). */
  private _sourceIds(s: Tensor | Variable): number[] {
    if (s instanceof Variable) return [...(this._variables.get(s) ?? [])].map((t) => t.id);
    return [s.id, ...(this._aliases.get(s.id) ?? [])];
  }

  /** Only watched tensors (or ones computed from them) can receive gradients (TF gives None otherwise). */
  private _watchedOf(ids: Set<number>): Set<number> {
    const out = new Set<number>();
    for (const id of ids) if (this._watched.has(id)) out.add(id);
    return out;
  }

  private _run<T>(fn: () => T): T {
    // The tape never records its own gradient computation; outer tapes do (higher order).
    const before = ctx.tapes;
    ctx.tapes = listWithout(before, this as TapeListener);
    const scope: Tensor[] = emptyList();
    const ownScope = ctx.tapes.length === 0;
    if (ownScope) ctx.scopes.push(scope);
    let result: T;
    try {
      result = fn();
    } finally {
      if (ownScope) ctx.scopes.pop();
      ctx.tapes = before;
    }
    if (ownScope) {
      // Free the backward pass's intermediates now (no outer tape holds them); the results
      // belong to the enclosing tf.tidy scope, if any.
      const keep = new Set(flatten(result, isLeaf));
      const parent = ctx.scopes.length ? ctx.scopes[ctx.scopes.length - 1] : null;
      for (const t of scope) {
        if (keep.has(t)) { if (parent) parent.push(t); } else if (!keptTensors.has(t)) t.dispose();
      }
    }
    return result;
  }

  private _release(): void {
    this._used = true;
    if (!this.persistent) {
      this._entries = [];
      this._watched = new Set();
      this._variables = new Map();
    }
  }

  /**
   * `tape.gradient(target, sources, output_gradients=None, unconnected_gradients="none")`.
   * `sources` may be a tensor, a variable, or arrays/objects of them; the result has the same
   * structure. Unconnected sources give null (or zeros with `unconnected_gradients: "zero"`).
   */
  gradient(
    target: unknown,
    sources: unknown,
    output_gradients?: unknown | { output_gradients?: unknown; unconnected_gradients?: UnconnectedGradients },
    unconnected_gradients: UnconnectedGradients = "none",
  ): any {
    if (output_gradients && typeof output_gradients === "object" && !(output_gradients instanceof Tensor) && !Array.isArray(output_gradients) &&
        ("unconnected_gradients" in output_gradients || "output_gradients" in output_gradients)) {
      const o = output_gradients as { output_gradients?: unknown; unconnected_gradients?: UnconnectedGradients };
      checkOptions("gradient", o, ["output_gradients", "unconnected_gradients"]);
      output_gradients = o.output_gradients;
      unconnected_gradients = o.unconnected_gradients ?? "none";
    }
    if (unconnected_gradients !== "none" && unconnected_gradients !== "zero") {
      throw new InvalidArgumentError(msg(
        `gradient: unconnected_gradients must be "none" or "zero", got ${JSON.stringify(unconnected_gradients)}.`,
        `gradient: unconnected_gradients는 "none" 또는 "zero"여야 하는데 ${JSON.stringify(unconnected_gradients)}입니다.`,
      ));
    }
    this._checkUsable("gradient()");
    const targets = flatten(target, isLeaf).map((t) => toTarget(t));
    const srcLeaves = flatten(sources, isLeaf);
    for (const s of srcLeaves) {
      if (!(s instanceof Tensor) && !(s instanceof Variable)) {
        throw new InvalidArgumentError(msg(
          `gradient: sources must be tensors or variables (or arrays/objects of them), got ${String(s)}.`,
          `gradient: sources에는 텐서나 변수(또는 그 배열/객체)만 올 수 있는데 ${String(s)}이(가) 왔습니다.`,
        ));
      }
    }
    let ogs: (Tensor | null)[] | null = null;
    if (output_gradients != null) {
      ogs = flatten(output_gradients, isLeaf).map((g) => (g == null ? null : g instanceof Variable ? g._asTensor() : g instanceof Tensor ? g : constant(g as number)));
      if (ogs.length !== targets.length) {
        throw new InvalidArgumentError(msg(
          `gradient: got ${ogs.length} output_gradients for ${targets.length} targets; give one per target.`,
          `gradient: 목표(target) ${targets.length}개에 output_gradients ${ogs.length}개가 주어졌습니다. 목표마다 하나씩 주세요.`,
        ));
      }
    }
    const result = this._run(() => {
      // Plain loops: this runs once a training step, and each deoptimization of it (array
      // destructuring and callbacks meeting a new array map) costs hundreds of steps unoptimized.
      const seeds: [Tensor, Tensor][] = [];
      for (let i = 0; i < targets.length; i++) {
        const t = targets[i];
        if (differentiable(t)) seeds.push([t, ogs?.[i] ?? runOp("OnesLike", [t], {})[0]]);
      }
      const idsPer: number[][] = [];
      const wanted = new Set<number>();
      for (let i = 0; i < srcLeaves.length; i++) {
        const ids = this._sourceIds(srcLeaves[i] as Tensor | Variable);
        idsPer.push(ids);
        for (let j = 0; j < ids.length; j++) wanted.add(ids[j]);
      }
      const grads = backprop(this._entries, seeds, wanted, this._watchedOf(wanted));
      return srcLeaves.map((s, i) => {
        const gs: Tensor[] = [];
        const ids = idsPer[i];
        for (let j = 0; j < ids.length; j++) { const g = grads.get(ids[j]); if (g) gs.push(g); }
        if (gs.length) return sumGrads(gs);
        if (unconnected_gradients === "zero") {
          const st = s instanceof Variable ? s._asTensor() : (s as Tensor);
          return runOp("ZerosLike", [st], {})[0];
        }
        return null;
      });
    });
    this._release();
    return packSequenceAs(sources, result, isLeaf);
  }

  /**
   * `tape.jacobian(target, sources, unconnected_gradients="none", parallel_iterations=None,
   * experimental_use_pfor=True)`: d target[i...] / d source[j...], shape target.shape + source.shape.
   */
  jacobian(target: Tensor | Variable, sources: unknown, unconnected_gradients: UnconnectedGradients | { unconnected_gradients?: UnconnectedGradients; parallel_iterations?: number; experimental_use_pfor?: boolean } = "none"): any {
    if (typeof unconnected_gradients === "object") {
      checkOptions("jacobian", unconnected_gradients, ["unconnected_gradients", "parallel_iterations", "experimental_use_pfor"]);
      unconnected_gradients = unconnected_gradients.unconnected_gradients ?? "none";
    }
    this._checkUsable("jacobian()");
    const y = toTarget(target);
    if (y.shape.some((d) => d === null)) {
      throw new InvalidArgumentError("jacobian: the target's shape must be fully known.");
    }
    const srcLeaves = flatten(sources, isLeaf) as (Tensor | Variable)[];
    const n = sizeOf(y.shape);
    const uc = unconnected_gradients;
    const result = this._run(() => {
      const idsPer = srcLeaves.map((s) => this._sourceIds(s));
      const wanted = new Set<number>(idsPer.flat());
      const rows: (Tensor | null)[][] = srcLeaves.map(() => []);
      for (let i = 0; i < n; i++) {
        const oneHot = new Array<number>(n).fill(0);
        oneHot[i] = 1;
        const seed = runOp("Reshape", [constant(oneHot, y.dtype)], { shape: y.shape })[0];
        const grads = backprop(this._entries, [[y, seed]], wanted, this._watchedOf(wanted));
        srcLeaves.forEach((_s, k) => {
          const gs = idsPer[k].map((id) => grads.get(id)).filter((g): g is Tensor => !!g);
          rows[k].push(gs.length ? sumGrads(gs) : null);
        });
      }
      return srcLeaves.map((s, k) => {
        const st = s instanceof Variable ? s._asTensor() : s;
        if (rows[k].every((r) => r === null)) {
          return uc === "zero" ? runOp("Fill", [], { shape: [...y.shape, ...st.shape], value: 0, dtype: st.dtype })[0] : null;
        }
        const flat = rows[k].map((r) => runOp("Reshape", [r ?? runOp("ZerosLike", [st], {})[0]], { shape: [1, sizeOf(st.shape)] })[0]);
        const stacked = concatRows(flat);
        return runOp("Reshape", [stacked], { shape: [...y.shape, ...st.shape] })[0];
      });
    });
    this._release();
    return packSequenceAs(sources, result, isLeaf);
  }

  /**
   * `tape.batch_jacobian(target, source)`: for target [b, ...] and source [b, ...], the per-example
   * Jacobians, shape [b, ...target.shape[1:], ...source.shape[1:]] (examples assumed independent).
   */
  batch_jacobian(target: Tensor, source: Tensor | Variable, unconnected_gradients: UnconnectedGradients = "none"): Tensor | null {
    const y = toTarget(target);
    const x = source instanceof Variable ? source._asTensor() : source;
    if (y.rank < 1 || x.rank < 1 || y.shape[0] !== x.shape[0]) {
      throw new InvalidArgumentError(msg(
        `batch_jacobian: target and source must have the same first (batch) dimension, got ${formatShape(y.shape)} and ${formatShape(x.shape)}.`,
        `batch_jacobian: target과 source의 첫 번째(배치) 차원이 같아야 하는데 ${formatShape(y.shape)}, ${formatShape(x.shape)}입니다.`,
      ));
    }
    const b = y.shape[0];
    const ty = sizeOf(y.shape.slice(1)), tx = sizeOf(x.shape.slice(1));
    this._checkUsable("batch_jacobian()");
    const result = this._run(() => {
      const wanted = new Set<number>(this._sourceIds(source));
      const rows: Tensor[] = [];
      let connected = false;
      for (let j = 0; j < ty; j++) {
        // Seed every example's j-th output at once: the examples do not interact.
        const seedVals = new Array<number>(b * ty).fill(0);
        for (let i = 0; i < b; i++) seedVals[i * ty + j] = 1;
        const seed = runOp("Reshape", [constant(seedVals, y.dtype)], { shape: y.shape })[0];
        const grads = backprop(this._entries, [[y, seed]], wanted, this._watchedOf(wanted));
        const gs = [...wanted].map((id) => grads.get(id)).filter((g): g is Tensor => !!g);
        if (gs.length) connected = true;
        const g = gs.length ? sumGrads(gs) : runOp("ZerosLike", [x], {})[0];
        rows.push(runOp("Reshape", [g], { shape: [b, 1, tx] })[0]);
      }
      if (!connected) return unconnected_gradients === "zero" ? runOp("Fill", [], { shape: [b, ...y.shape.slice(1), ...x.shape.slice(1)], value: 0, dtype: x.dtype })[0] : null;
      const stacked = concatRows(rows, 1);
      return runOp("Reshape", [stacked], { shape: [b, ...y.shape.slice(1), ...x.shape.slice(1)] })[0];
    });
    this._release();
    return result;
  }
}

/**
 * Stacks parts (each of size 1 along `axis`) along `axis`: sum of parts times one-hot columns.
 * Written with elementwise ops only, so it is differentiable and works in graphs.
 */
function concatRows(parts: Tensor[], axis = 0): Tensor {
  if (parts.length === 1) return parts[0];
  const n = parts.length;
  let acc: Tensor | null = null;
  for (let i = 0; i < n; i++) {
    const p = parts[i];
    const sel = new Array<number>(n).fill(0);
    sel[i] = 1;
    const shape = p.shape.map((_d, k) => (k === axis ? n : 1));
    const oh = runOp("Reshape", [constant(sel, p.dtype)], { shape })[0];
    const placed = runOp("Mul", [p, oh], {})[0];
    acc = acc ? runOp("AddV2", [acc, placed], {})[0] : placed;
  }
  return acc!;
}

function toTarget(t: unknown): Tensor {
  if (t instanceof Variable) return t._asTensor();
  if (t instanceof Tensor) return t;
  throw new InvalidArgumentError(msg(
    `gradient: the target must be a tensor (or a list of tensors), got ${String(t)}.`,
    `gradient: 목표(target)는 텐서(또는 텐서 목록)여야 하는데 ${String(t)}이(가) 왔습니다.`,
  ));
}

/** `tf.stop_gradient(input, name=None)`: the value passes, the gradient does not. */
export function stop_gradient(input: unknown, name?: string | { name?: string }): Tensor {
  const t = input instanceof Variable ? input._asTensor() : input instanceof Tensor ? input : constant(input as number);
  return runOp("StopGradient", [t], {}, typeof name === "string" ? name : name?.name)[0];
}

/**
 * `tf.custom_gradient(f)`: `f(...xs)` returns `[y, grad_fn]`; the gradient of y is `grad_fn(...dys)`
 * (one upstream gradient per output) instead of differentiating f's ops. If f reads variables,
 * grad_fn receives `{ variables }` as a last argument and returns `[inputGrads, variableGrads]`.
 */
export function custom_gradient<A extends unknown[]>(f: (...xs: A) => [unknown, (...dys: any[]) => unknown]): (...xs: A) => any {
  if (typeof f !== "function") throw new TypeError("custom_gradient(f): f must be a function returning [y, grad_fn].");
  return (...xs: A) => {
    const inputs = xs.filter((x): x is Tensor & A[number] => x instanceof Tensor);
    // Run f without recording; collect the variables it reads.
    const readVars: Variable[] = [];
    const listener: TapeListener = {
      recordOp() { /* not recorded */ },
      readVariable(v) { if (!readVars.includes(v as Variable)) readVars.push(v as Variable); },
    };
    const before = ctx.tapes;
    ctx.tapes = [listener];
    let out: [unknown, (...dys: any[]) => unknown];
    try {
      out = f(...xs);
    } finally {
      ctx.tapes = before;
    }
    if (!Array.isArray(out) || out.length !== 2 || typeof out[1] !== "function") {
      throw new TypeError(msg(
        "custom_gradient: f must return [y, grad_fn] (the output and a function computing input gradients from output gradients).",
        "custom_gradient: f는 [y, grad_fn](출력과, 출력 기울기로 입력 기울기를 계산하는 함수)을 돌려주어야 합니다.",
      ));
    }
    const [y, gradFn] = out;
    const ys = flatten(y, (v) => v instanceof Tensor) as Tensor[];
    const varTensors = readVars.map((v) => v._asTensor());
    const grad_fn = (dys: (Tensor | null)[]) => {
      const filled = dys.map((d, i) => d ?? runOp("ZerosLike", [ys[i]], {})[0]);
      let r: unknown = readVars.length ? gradFn(...filled, { variables: readVars }) : gradFn(...filled);
      let inGrads: unknown, varGrads: unknown[] = [];
      if (readVars.length) {
        if (!Array.isArray(r) || r.length !== 2) {
          throw new TypeError(msg(
            "custom_gradient: f used variables, so grad_fn must return [inputGradients, variableGradients].",
            "custom_gradient: f가 변수를 썼으므로 grad_fn은 [입력 기울기, 변수 기울기]를 돌려주어야 합니다.",
          ));
        }
        [inGrads, r] = r as [unknown, unknown];
        varGrads = r as unknown[];
      } else inGrads = r;
      const ig = (inputs.length === 1 && !Array.isArray(inGrads) ? [inGrads] : (inGrads as unknown[])) as (Tensor | null)[];
      return [...ig, ...(varGrads as (Tensor | null)[])];
    };
    const outs = runOp("IdentityN", [...ys, ...inputs, ...varTensors], { n: ys.length, grad_fn });
    return packSequenceAs(y, outs, (v) => v instanceof Tensor);
  };
}
