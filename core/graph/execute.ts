/**
 * The graph executor: given fetches (tensors or operations) and a feed map, runs the needed
 * subgraph through the same kernels eager code uses (`engine.execute`) and returns eager tensors.
 * tf.function's ConcreteFunction and tf.compat.v1.Session are built on it.
 *
 * A run is planned once per (fetches, feeds) and cached on the graph: the needed ops in creation
 * order (a topological order), each input's value slot, and after which step each intermediate is
 * last used, so intermediates are freed deterministically as soon as nothing needs them.
 * Active GradientTapes hear every executed op (execute() notifies them), so gradients flow
 * through graph calls; intermediates are kept then, since the tape holds them.
 */
import { Tensor } from "../tensor/tensor";
import { NDArray } from "../tensor/ndarray";
import { adoptTensor, ctx, execute, outsideGraphs } from "../engine/engine";
import { Graph, Operation } from "./graph";
import { InvalidArgumentError, TFError, msg } from "../errors";
import { formatShape, shapesEqual } from "../tensor/shape";
import { constant } from "../ops/convert";

/** Kernels that need the Operation itself (resource ops: variable reads and assigns). */
export type ResourceKernel = (op: Operation, inputs: Tensor[]) => Tensor[];
const resourceKernels = new Map<string, ResourceKernel>();
export function registerResourceKernel(opType: string, k: ResourceKernel): void { resourceKernels.set(opType, k); }

interface Step {
  op: Operation;
  inSlots: number[];
  outSlot: number;
  /** The op's static output specs are fully known: no re-inference needed. */
  staticSpecs: boolean;
  /** Slots whose last use is this step. */
  free: number[];
  kind: 0 | 1 | 2 | 3; // 0 kernel, 1 Const, 2 Placeholder, 3 resource kernel
}

export interface Plan {
  graph: Graph;
  steps: Step[];
  nSlots: number;
  feedSlots: number[];
  fetchSlots: number[];
  /** Slots that hold values this run does not own (feeds, consts, variable reads). */
  owned: boolean[];
}

const planCache = new WeakMap<Graph, Map<string, Plan>>();

function graphOf(fetches: (Tensor | Operation)[], feeds: Tensor[]): Graph {
  for (const f of fetches) {
    if (f instanceof Operation) return f.graph;
    if (f._source) return f.op.graph as Graph;
  }
  for (const f of feeds) if (f._source) return f.op.graph as Graph;
  throw new InvalidArgumentError("executeGraph: nothing to run (no graph tensors or operations among the fetches).");
}

/** Plans a run; cached per graph by the fetch and feed names. */
export function planRun(fetches: (Tensor | Operation)[], feeds: Tensor[], targets: Operation[] = []): Plan {
  const graph = graphOf([...fetches, ...targets], feeds);
  const key = fetches.map((f) => (f instanceof Operation ? `^${f.name}` : f.name)).join(",") + "|" + targets.map((o) => o.name).join(",") + "|" + feeds.map((f) => f.name).join(",");
  let cache = planCache.get(graph);
  if (!cache) planCache.set(graph, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;

  for (const f of [...fetches, ...feeds]) {
    const g = f instanceof Operation ? f.graph : f._source ? f.op.graph : null;
    if (g !== graph) {
      throw new InvalidArgumentError(msg(
        `Cannot run ${f instanceof Operation ? f.name : f.toString()}: it is not an element of this graph (or is an eager tensor).`,
        `${f instanceof Operation ? f.name : f.toString()}을(를) 실행할 수 없습니다: 이 그래프의 원소가 아닙니다(또는 즉시 실행 텐서입니다).`,
      ));
    }
  }
  const fed = new Set<Tensor>(feeds);
  const needed = new Set<Operation>();
  const stack: Operation[] = [];
  const need = (op: Operation) => { if (!needed.has(op)) { needed.add(op); stack.push(op); } };
  for (const f of fetches) {
    if (f instanceof Operation) need(f);
    else if (!fed.has(f)) need(f.op as Operation);
  }
  for (const t of targets) need(t);
  while (stack.length) {
    const op = stack.pop()!;
    for (const t of op.inputs) if (!fed.has(t)) need(t.op as Operation);
    for (const c of op.control_inputs) need(c);
  }
  const order = [...needed].sort((a, b) => a._id - b._id);

  const slotOf = new Map<Tensor, number>();
  const owned: boolean[] = [];
  let n = 0;
  const feedSlots = feeds.map((f) => { const s = n++; slotOf.set(f, s); owned[s] = false; return s; });
  const steps: Step[] = [];
  for (const op of order) {
    const kind = op.type === "Const" ? 1 : op.type === "Placeholder" ? 2 : resourceKernels.has(op.type) ? 3 : 0;
    const inSlots = op.inputs.map((t) => {
      const s = slotOf.get(t);
      if (s === undefined) throw new Error(`internal: input ${t.name} of ${op.name} was not planned`);
      return s;
    });
    const outSlot = n;
    for (const t of op.outputs) {
      // Kernel outputs and resource reads (fresh views) belong to the run; consts and feeds do not.
      if (!slotOf.has(t)) { slotOf.set(t, n); owned[n] = kind === 0 || kind === 3; n++; }
    }
    const staticSpecs = op.outputs.every((t) => t.shape.every((d) => d !== null));
    steps.push({ op, inSlots, outSlot, staticSpecs, free: [], kind });
  }
  const fetchSlots = fetches.map((f) => (f instanceof Operation ? -1 : slotOf.get(f)!));
  // Last use of each slot: free it after that step unless it is fetched.
  const last = new Map<number, number>();
  steps.forEach((st, i) => { for (const s of st.inSlots) last.set(s, i); });
  const fetched = new Set(fetchSlots);
  for (const [s, i] of last) if (owned[s] && !fetched.has(s)) steps[i].free.push(s);
  // Outputs nobody uses (other outputs of multi-output ops) are freed right after their step.
  steps.forEach((st) => {
    st.op.outputs.forEach((_t, k) => {
      const s = st.outSlot + k;
      if (owned[s] && !last.has(s) && !fetched.has(s)) st.free.push(s);
    });
  });

  const plan: Plan = { graph, steps, nSlots: n, feedSlots, fetchSlots, owned };
  if (cache.size > 256) cache.clear();
  cache.set(key, plan);
  return plan;
}

/** Converts a fed value to an eager tensor matching the placeholder (TF's feed checks). */
export function feedValue(t: Tensor, value: unknown): Tensor {
  let v: Tensor;
  if (value instanceof Tensor) {
    if (value._source) {
      throw new TypeError(msg(
        `The value of a feed cannot be a graph tensor (${value.toString()}). Acceptable feed values include JS numbers, nested arrays, NDArrays and eager tensors.`,
        `feed 값으로 그래프 텐서(${value.toString()})를 줄 수 없습니다. 숫자, 중첩 배열, NDArray, 즉시 실행 텐서를 주세요.`,
      ));
    }
    v = value.dtype === t.dtype ? value : constant(value.numpy(), t.dtype);
  } else if (value && typeof value === "object" && typeof (value as { _asTensor?: unknown })._asTensor === "function") {
    v = (value as { _asTensor(): Tensor })._asTensor();
  } else {
    v = constant(value as NDArray, t.dtype);
  }
  const want = t.shape;
  let ok = v.shape.length === want.length;
  if (ok) for (let i = 0; i < want.length; i++) if (want[i] !== null && want[i] !== v.shape[i]) ok = false;
  if (!ok) {
    throw new InvalidArgumentError(msg(
      `Cannot feed value of shape ${formatShape(v.shape)} for Tensor ${t.name}, which has shape ${formatShape(t.shape)}`,
      `형태 ${formatShape(v.shape)}인 값을 텐서 ${t.name}(형태 ${formatShape(t.shape)})에 넣을(feed) 수 없습니다.`,
    ));
  }
  return v;
}

function nodeError(op: Operation, e: unknown): unknown {
  if (e instanceof Error && !(e as { _tfNode?: boolean })._tfNode) {
    (e as { _tfNode?: boolean })._tfNode = true;
    if (e instanceof TFError) e.message += `\n\t [[{{node ${op.name}}}]]`;
  }
  return e;
}

/**
 * Runs a plan with eager feed tensors (already converted). Returns the fetched tensors (null for
 * fetched operations). `free`: dispose owned intermediates after their last use.
 */
export function runPlan(plan: Plan, feedTensors: Tensor[], free = true): (Tensor | null)[] {
  return outsideGraphs(() => {
    const vals = new Array<Tensor | undefined>(plan.nSlots);
    for (let i = 0; i < plan.feedSlots.length; i++) vals[plan.feedSlots[i]] = feedTensors[i];
    const doFree = free && ctx.tapes.length === 0;
    const steps = plan.steps;
    for (let si = 0; si < steps.length; si++) {
      const st = steps[si];
      const op = st.op;
      try {
        if (st.kind === 1) {
          // The node's own tensor, exempt from the tf.tidy scopes around the run (it outlives them).
          if (!op._cache) { op._cache = outsideGraphs(() => execute(op._def, [], op.attrs, op.outputs)[0]); adoptTensor(op._cache); }
          vals[st.outSlot] = op._cache;
        } else if (st.kind === 2) {
          if (vals[st.outSlot] === undefined) {
            const t = op.outputs[0];
            throw new InvalidArgumentError(msg(
              `You must feed a value for placeholder tensor '${op.name}' with dtype ${t.dtype.name} and shape ${formatShapeList(t.shape)}`,
              `플레이스홀더 텐서 '${op.name}'(dtype ${t.dtype.name}, 형태 ${formatShapeList(t.shape)})에 값을 넣어야(feed) 합니다.`,
            ));
          }
        } else {
          const ins = new Array<Tensor>(st.inSlots.length);
          for (let k = 0; k < ins.length; k++) ins[k] = vals[st.inSlots[k]]!;
          let outs: Tensor[];
          if (st.kind === 3) outs = resourceKernels.get(op.type)!(op, ins);
          else {
            let specs = op.outputs as { shape: number[]; dtype: typeof op.outputs[0]["dtype"] }[];
            if (!st.staticSpecs) specs = op._def.infer(ins, op.attrs);
            else {
              for (let k = 0; k < ins.length; k++) {
                if (!shapesEqual(ins[k].shape, op.inputs[k].shape)) { specs = op._def.infer(ins, op.attrs); break; }
              }
            }
            outs = execute(op._def, ins, op.attrs, specs);
          }
          for (let k = 0; k < outs.length; k++) vals[st.outSlot + k] = outs[k];
        }
      } catch (e) {
        throw nodeError(op, e);
      }
      if (doFree) {
        const f = st.free;
        for (let k = 0; k < f.length; k++) {
          const t = vals[f[k]];
          if (t) { t.dispose(); vals[f[k]] = undefined; }
        }
      }
    }
    return plan.fetchSlots.map((s) => (s < 0 ? null : vals[s]!));
  }, true);
}

function formatShapeList(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? -1 : d)).join(",")}]`;
}

/**
 * Runs `fetches` with `feeds` (placeholder or any graph tensor -> value) and returns eager
 * tensors in the same order (null for operations). What Session.run builds on.
 */
export function executeGraph(
  fetches: (Tensor | Operation)[],
  feeds: Map<Tensor, unknown> | null = null,
  options: { free?: boolean; targets?: Operation[] } = {},
): (Tensor | null)[] {
  const feedKeys = feeds ? [...feeds.keys()] : [];
  const plan = planRun(fetches, feedKeys, options.targets ?? []);
  const feedTensors = outsideGraphs(() => feedKeys.map((k) => feedValue(k, feeds!.get(k))), true);
  return runPlan(plan, feedTensors, options.free ?? true);
}
