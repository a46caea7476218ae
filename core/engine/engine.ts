/**
 * The engine: one place that decides what an op call means.
 *
 *   runOp(name, inputs, attrs)
 *     1. looks up the op's single definition and runs its inference (validation, shapes, dtypes):
 *        a bad call throws here, before any state changes;
 *     2. if a graph is being built (tf.function tracing, `graph.as_default`, or eager execution
 *        disabled by tf.compat.v1), adds an Operation node and returns its symbolic outputs;
 *     3. otherwise runs the kernel registered for the op on the current backend (falling back to
 *        `cpu` with a one-time warning), and tells every recording GradientTape.
 */
import { propagateViews } from "./views";
import { pendingWork } from "./spare";
import type { Backend, Kernel, OutSpec } from "../backends/backend";
import { Tensor, tensorHooks } from "../tensor/tensor";
import { DType } from "../tensor/dtypes";
import { InvalidArgumentError, NotFoundError, msg } from "../errors";
import { formatShape } from "../tensor/shape";

/**
 * A gradient rule: output gradients (one per output; null where no gradient flows) -> input
 * gradients. `needs[i]` is false when nobody wants input i's gradient (a constant, an int input,
 * a tensor the tape does not watch): a rule may skip computing it and return null there (TF's
 * `skip_input_indices`) — e.g. MatMul's dx for a data batch, one matmul of six in an MLP step.
 */
export type GradFn = (
  dys: (Tensor | null)[],
  inputs: Tensor[],
  outputs: Tensor[],
  attrs: any,
  needs: boolean[],
) => (Tensor | null | undefined)[];

export interface OpDef {
  /** TF's op type (`AddV2`, `MatMul`, ...). */
  readonly name: string;
  /** Validates inputs/attrs and returns each output's shape and dtype (dims may be null in graphs). */
  infer(inputs: Tensor[], attrs: any): OutSpec[];
  /** Gradient written with ops, so it serves eager tapes and graph gradients alike. */
  grad?: GradFn;
  /** Output indices that carry no gradient (e.g. argmax, indices of top_k). */
  nonDifferentiable?: boolean;
  /** Randomness or side effects: the graph executor runs it every time. */
  stateful?: boolean;
}

/** What a GradientTape implements to hear about executed ops. */
export interface TapeListener {
  recordOp(def: OpDef, inputs: Tensor[], outputs: Tensor[], attrs: any): void;
  /** A variable was read (eagerly or into a graph) and `value` is what the read produced. */
  readVariable?(variable: unknown, value: Tensor): void;
}

/** What a Graph implements so the engine can add nodes to it. */
export interface GraphBuilder {
  addOp(def: OpDef, inputs: Tensor[], attrs: any, specs: OutSpec[], name?: string): Tensor[];
  /** Brings a tensor from outside the graph in (constants for eager values, captures for outer graphs). */
  capture(t: Tensor): Tensor;
}

const ops = new Map<string, OpDef>();

export function defineOp(def: OpDef): OpDef {
  if (ops.has(def.name)) throw new Error(`op ${def.name} is defined twice`);
  ops.set(def.name, def);
  return def;
}
export function getOpDef(name: string): OpDef {
  const d = ops.get(name);
  if (!d) throw new NotFoundError(`Op type not registered '${name}'`);
  return d;
}
export function listOps(): string[] { return [...ops.keys()].sort(); }

const backends = new Map<string, { factory: () => Backend; priority: number; instance?: Backend; failed?: string }>();
/** Kernels registered before their backend instance exists. */
const pendingKernels = new Map<string, Map<string, Kernel>>();

export function registerBackend(name: string, factory: () => Backend, priority = 0): void {
  backends.set(name, { factory, priority });
}
export function registerKernel(backendName: string, opName: string, kernel: Kernel): void {
  let m = pendingKernels.get(backendName);
  if (!m) pendingKernels.set(backendName, (m = new Map()));
  m.set(opName, kernel);
  const inst = backends.get(backendName)?.instance;
  if (inst) inst.kernels.set(opName, kernel);
}

export function getBackend(name: string): Backend {
  const entry = backends.get(name);
  if (!entry) {
    throw new NotFoundError(msg(
      `Backend '${name}' is not registered. Registered backends: ${[...backends.keys()].join(", ")}.`,
      `백엔드 '${name}'이(가) 등록되어 있지 않습니다. 등록된 백엔드: ${[...backends.keys()].join(", ")}.`,
    ));
  }
  if (!entry.instance) {
    if (entry.failed) throw new NotFoundError(entry.failed);
    try {
      entry.instance = entry.factory();
    } catch (e) {
      entry.failed = `Backend '${name}' is not available here: ${(e as Error).message}`;
      throw new NotFoundError(entry.failed);
    }
    const m = pendingKernels.get(name);
    if (m) for (const [k, v] of m) entry.instance.kernels.set(k, v);
  }
  return entry.instance;
}
export function registeredBackends(): string[] {
  return [...backends.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([n]) => n);
}

/**
 * An empty array of V8's generic elements kind. A literal `[]` starts with the small-integer kind
 * and changes kind when an object goes in, so a variable that holds sometimes a fresh empty list and
 * sometimes a filled one (ctx.tapes: none recording, then a tape) has two array maps, and optimized
 * code that saw one is thrown away when the other comes (measured: the engine's execute, the tape's
 * backprop and Keras's apply_gradients were each compiled 2-3 times in a first epoch, and a
 * function called once a step takes hundreds of steps to be optimized again). Lists of objects
 * that hot code reads start from this.
 */
export function emptyList<T>(): T[] {
  const a = [null as unknown as T];
  a.pop();
  return a;
}
/** `list` without `x`, as a list of the generic kind (see emptyList). */
export function listWithout<T>(list: readonly T[], x: T): T[] {
  const out = emptyList<T>();
  for (let i = 0; i < list.length; i++) if (list[i] !== x) out.push(list[i]);
  return out;
}

/** Execution state shared by eager code, tapes, graphs and tf.function. */
class Context {
  /** tf.compat.v1.disable_eager_execution() turns this off. */
  eager = true;
  /** Graphs made default by `as_default` / tf.function tracing (innermost last). */
  graphStack: GraphBuilder[] = emptyList();
  /** The graph used when eager execution is disabled and no graph is entered (set by core/graph). */
  defaultGraph: (() => GraphBuilder) | null = null;
  /** Recording tapes. */
  tapes: TapeListener[] = emptyList();
  /** Current backend (set_backend / tf.device). */
  backend: Backend | null = null;
  /** Ops whose missing kernel already warned, per backend. */
  warned = new Set<string>();
  /** Name scope stack (used by graphs): full scope paths, innermost last. */
  nameScope: string[] = emptyList();
  /** tf.tidy scopes: eager tensors created inside each (innermost last). */
  scopes: Tensor[][] = emptyList();
}

export const ctx = new Context();

export function currentBackend(): Backend {
  if (!ctx.backend) {
    const env = typeof process !== "undefined" ? process.env.TF_BACKEND : undefined;
    ctx.backend = getBackend(env || defaultBackendName());
  }
  return ctx.backend;
}

/** The highest-priority backend that starts here (e.g. `native` where OpenBLAS loads, else `cpu`). */
function defaultBackendName(): string {
  for (const n of registeredBackends()) {
    try { getBackend(n); return n; } catch { /* not available here: try the next */ }
  }
  return "cpu";
}

/** Whether two backends read each other's handles directly (both hold cpu-style typed arrays). */
function sameStorage(a: Backend, b: Backend): boolean {
  return (a.name === "cpu" || a.sharesCpuStorage === true) && (b.name === "cpu" || b.sharesCpuStorage === true);
}

/** The graph ops are added to right now, or null when executing eagerly. */
export function buildingGraph(): GraphBuilder | null {
  const n = ctx.graphStack.length;
  if (n) return ctx.graphStack[n - 1];
  if (!ctx.eager && ctx.defaultGraph) return ctx.defaultGraph();
  return null;
}

export function executingEagerly(): boolean {
  return buildingGraph() === null;
}

/**
 * Runs `fn` eagerly with no graph being built and no tape recording (TF's `init_scope` as used by
 * graph executors, variable initialisers and tf.function tracing). Restores everything after.
 */
export function outsideGraphs<T>(fn: () => T, keepTapes = false): T {
  const { graphStack, eager, tapes, nameScope } = ctx;
  ctx.graphStack = emptyList();
  ctx.eager = true;
  if (!keepTapes) ctx.tapes = emptyList();
  ctx.nameScope = emptyList();
  try {
    return fn();
  } finally {
    ctx.graphStack = graphStack;
    ctx.eager = eager;
    ctx.tapes = tapes;
    ctx.nameScope = nameScope;
  }
}

/** Kernels a backend borrows from its donor (see Backend.kernelDonor), bound to the donor; null: the donor has none. */
const borrowed = new WeakMap<Backend, Map<string, Kernel | null>>();
function borrowedKernel(backend: Backend, name: string): Kernel | null {
  let m = borrowed.get(backend);
  if (!m) borrowed.set(backend, (m = new Map()));
  let k = m.get(name);
  if (k === undefined) {
    const donor = backend.kernelDonor!();
    const dk = donor && donor.sharesCpuStorage ? donor.kernels.get(name) : undefined;
    k = dk ? (inputs, attrs, outs) => dk(inputs, attrs, outs, donor!) : null;
    m.set(name, k);
  }
  return k;
}

function kernelFor(backend: Backend, name: string): [Kernel, Backend] {
  const k = backend.kernels.get(name);
  if (k) return [k, backend];
  if (backend.kernelDonor) {
    const bk = borrowedKernel(backend, name);
    if (bk) return [bk, backend];
  }
  const cpu = getBackend("cpu");
  const ck = cpu.kernels.get(name);
  if (!ck) throw new NotFoundError(`No kernel registered for op '${name}' on backend '${backend.name}' (nor on 'cpu').`);
  if (backend.sharesCpuStorage) return [ck, backend]; // same storage: cpu's kernel is this backend's too
  const key = `${backend.name}/${name}`;
  if (!ctx.warned.has(key)) {
    ctx.warned.add(key);
    console.warn(`tensorflow-ts: op '${name}' has no '${backend.name}' kernel; running it on 'cpu'.`);
  }
  return [ck, cpu];
}

/**
 * Whether the current backend runs op `name` where its tensors live: a kernel of its own, or (for a
 * backend that shares cpu's storage) its donor's or cpu's. Fused fast paths (dropout's) check this,
 * so a device backend without the fused kernel keeps the plain ops instead of copying to cpu.
 */
export function hasKernel(name: string): boolean {
  const b = currentBackend();
  if (b.name === "cpu" || b.sharesCpuStorage === true) return b.kernels.has(name) || getBackend("cpu").kernels.has(name);
  // A device backend may register a kernel that copies to the cpu and back (its fallbacks()): that is no kernel here.
  let known = ownKernels.get(b);
  if (!known) ownKernels.set(b, (known = new Map()));
  let own = known.get(name);
  if (own === undefined) known.set(name, (own = b.kernels.has(name) && !(b.fallbacks?.().has(name) ?? false)));
  return own;
}
/** hasKernel's answers for device backends, per backend and op (their kernel sets are fixed once they start). */
const ownKernels = new WeakMap<Backend, Map<string, boolean>>();

/** Moves an eager tensor's storage to `backend` (a copy; the original stays valid). */
function onBackend(t: Tensor, backend: Backend): Tensor {
  if (t._backend === backend) return t;
  const values = t._backend!.readSync(t._handle, t.shape, t.dtype);
  return new Tensor(t.shape, t.dtype, backend.write(values, t.shape, t.dtype), backend);
}

/** Runs an op; returns its outputs. The only entry point for computation. */
export function runOp(name: string, inputs: Tensor[], attrs: any = {}, opName?: string): Tensor[] {
  const def = ops.get(name) ?? getOpDef(name);
  const graph = buildingGraph();
  if (graph) {
    const ins = inputs.map((t) => graph.capture(t));
    const specs = def.infer(ins, attrs);
    const outs = graph.addOp(def, ins, attrs, specs, opName);
    // Tapes opened inside tf.function / a graph record symbolic ops (gradients become graph nodes).
    const tapes = ctx.tapes;
    for (let i = 0; i < tapes.length; i++) tapes[i].recordOp(def, ins, outs, attrs);
    return outs;
  }
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i]._source) {
      throw new TypeError(msg(
        `${name}: input ${i} is a graph tensor (${inputs[i].toString()}) but execution is eager. ` +
        `Evaluate graph tensors with tf.compat.v1.Session().run(...), or build them inside tf.function.`,
        `${name}: ${i}번째 입력이 그래프 텐서(${inputs[i].toString()})인데 즉시 실행(eager) 모드입니다. ` +
        `그래프 텐서는 tf.compat.v1.Session().run(...)으로 평가하거나 tf.function 안에서 만드세요.`,
      ));
    }
    if (inputs[i]._handle === null) throw new InvalidArgumentError(`${name}: input ${i} has been disposed`);
  }
  const specs = def.infer(inputs, attrs);
  return execute(def, inputs, attrs, specs);
}

/** Eager execution of an already-validated op (also used by graph executors). */
export function execute(def: OpDef, inputs: Tensor[], attrs: any, specs: OutSpec[]): Tensor[] {
  const target = currentBackend();
  const [kernel, backend] = kernelFor(target, def.name);
  if (pendingWork !== null) pendingWork(inputs); // asynchronous work on an input's arrays finishes first
  let ins = inputs;
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i]._backend !== backend && !sameStorage(inputs[i]._backend!, backend)) {
      if (ins === inputs) ins = inputs.slice();
      ins[i] = onBackend(inputs[i], backend);
    }
  }
  const handles = kernel(ins, attrs, specs, backend);
  const outs = new Array<Tensor>(specs.length);
  for (let i = 0; i < specs.length; i++) {
    const t = new Tensor(specs[i].shape, specs[i].dtype, handles[i], backend);
    track(t, backend);
    outs[i] = t;
  }
  for (let i = 0; i < inputs.length; i++) if (inputs[i]._viewOf !== null) { propagateViews(inputs, outs); break; }
  if (ins !== inputs) {
    // Free the temporary cross-backend copies (unless an output is a view of one).
    for (let i = 0; i < ins.length; i++) {
      if (ins[i] !== inputs[i] && !handles.includes(ins[i]._handle)) ins[i].dispose();
    }
  }
  const tapes = ctx.tapes;
  for (let i = 0; i < tapes.length; i++) tapes[i].recordOp(def, inputs, outs, attrs);
  return outs;
}

/** Creates an eager tensor from host values on the current backend. */
export function makeTensor(values: any, shape: number[], dtype: DType): Tensor {
  const b = currentBackend();
  const t = new Tensor(shape, dtype, b.write(values, shape, dtype), b);
  track(t, b);
  return t;
}

// ---------------------------------------------------------------- memory accounting
/*
 * Live eager tensors and their bytes, per backend, without a per-tensor FinalizationRegistry
 * entry (which costs ~0.5 µs each in V8). Tensors are grouped into cohorts of COHORT_SIZE: each
 * tensor holds its cohort, the cohort is registered once, and when the garbage collector has
 * reclaimed every tensor of a cohort the registry subtracts what the cohort still counts.
 * dispose() subtracts at once. Counts therefore settle when the GC runs and the event loop turns;
 * deterministic frees (tf.tidy, tf.function, Session.run, tape.gradient) subtract immediately.
 */
const COHORT_SIZE = 32;
interface CohortAccount { n: number; bytes: number; owner: BackendAccount }
interface Cohort { acct: CohortAccount }
export class BackendAccount {
  numTensors = 0;
  numBytes = 0;
  cohort: Cohort;
  constructor(readonly name: string) { this.cohort = newCohort(this); }
}
const cohortRegistry = new FinalizationRegistry<CohortAccount>((a) => {
  a.owner.numTensors -= a.n;
  a.owner.numBytes -= a.bytes;
  a.n = 0; a.bytes = 0;
});
function newCohort(owner: BackendAccount): Cohort {
  const c: Cohort = { acct: { n: 0, bytes: 0, owner } };
  cohortRegistry.register(c, c.acct);
  return c;
}
export const accounts = new Map<string, BackendAccount>();
let lastBackend: Backend | null = null;
let lastAccount: BackendAccount | null = null;
export function accountFor(name: string): BackendAccount {
  let a = accounts.get(name);
  if (!a) accounts.set(name, (a = new BackendAccount(name)));
  return a;
}

function bytesOf(t: Tensor): number {
  const s = t.shape;
  let n = 1;
  for (let i = 0; i < s.length; i++) n *= s[i];
  return n * t.dtype.size;
}

/** Counts a new eager tensor (and adds it to the innermost tf.tidy scope). */
export function track(t: Tensor, backend: Backend): void {
  let a = lastAccount;
  if (backend !== lastBackend) { a = lastAccount = accountFor(backend.name); lastBackend = backend; }
  const c = a!.cohort;
  const b = bytesOf(t);
  c.acct.n++;
  c.acct.bytes += b;
  a!.numTensors++;
  a!.numBytes += b;
  t._mem = c;
  if (c.acct.n >= COHORT_SIZE) a!.cohort = newCohort(a!);
  const sc = ctx.scopes;
  if (sc.length) sc[sc.length - 1].push(t);
}

function untrack(t: Tensor): void {
  const c = t._mem as Cohort;
  t._mem = null;
  const b = bytesOf(t);
  c.acct.n--;
  c.acct.bytes -= b;
  c.acct.owner.numTensors--;
  c.acct.owner.numBytes -= b;
}
tensorHooks.onDispose = untrack;

/**
 * The index of backend `b` among the devices of its type, in tf.config.list_physical_devices's
 * order (backends by priority, those that start): `GPU:1` for the second GPU backend. The CPU
 * backends are one device, CPU:0.
 */
export function deviceIndex(b: Backend): number {
  if (b.deviceType === "CPU") return 0;
  let i = 0;
  for (const n of registeredBackends()) {
    if (n === b.name) return i;
    let o: Backend;
    try { o = getBackend(n); } catch { continue; }
    if (o.deviceType === b.deviceType) i++;
  }
  return 0;
}
tensorHooks.deviceIndex = deviceIndex;

/**
 * A long-lived tensor (a variable's storage) gets a cohort of its own, so that it does not keep
 * 31 dead neighbours counted; and it is exempt from enclosing tf.tidy scopes.
 */
export function adoptTensor(t: Tensor): void {
  keptTensors.add(t);
  const c = t._mem as Cohort | null;
  if (!c || c.acct.n === 1 && c !== c.acct.owner.cohort) return;
  const owner = c.acct.owner;
  const b = bytesOf(t);
  c.acct.n--; c.acct.bytes -= b;
  const solo: Cohort = { acct: { n: 1, bytes: b, owner } };
  cohortRegistry.register(solo, solo.acct);
  t._mem = solo;
}

/** Tensors exempt from tf.tidy disposal (tf.keep, variable storage). */
export const keptTensors = new WeakSet<Tensor>();

/** Error helper: TF's dtype mismatch message. */
export function dtypeMismatch(op: string, index: number, expected: DType, got: DType): InvalidArgumentError {
  return new InvalidArgumentError(msg(
    `cannot compute ${op} as input #${index}(zero-based) was expected to be a ${expected.name} tensor but is a ${got.name} tensor [Op:${op}]. ` +
    `Cast one input first, e.g. tf.cast(x, tf.${expected.name}).`,
    `${op}을(를) 계산할 수 없습니다: ${index}번째 입력(0부터)은 ${expected.name} 텐서여야 하는데 ${got.name} 텐서입니다 [Op:${op}]. ` +
    `먼저 tf.cast(x, tf.${expected.name})처럼 자료형을 맞추세요.`,
  ));
}

export function shapeError(op: string, en: string, ko: string, shapes: (number | null)[][]): InvalidArgumentError {
  const s = shapes.map((x) => formatShape(x)).join(", ");
  return new InvalidArgumentError(msg(`${op}: ${en} (input shapes: ${s})`, `${op}: ${ko} (입력 형태: ${s})`));
}
