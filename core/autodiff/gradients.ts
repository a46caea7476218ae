/**
 * `tf.gradients(ys, xs, grad_ys)` (graph mode, what tf.compat.v1 optimizers' `minimize` uses):
 * symbolic differentiation of a graph. The same op gradient rules the tape uses add gradient
 * nodes to the graph, under the name scope `gradients/<op>_grad/` as in TF.
 */
import { Tensor } from "../tensor/tensor";
import { ctx, emptyList, runOp } from "../engine/engine";
import { Graph, Operation, name_scope } from "../graph/graph";
import { Variable } from "../variable";
import { backprop, Entry, sumGrads, UnconnectedGradients } from "./tape";
import { constant } from "../ops/convert";
import { InvalidArgumentError, checkOptions, msg } from "../errors";

export interface GradientsOptions {
  grad_ys?: (Tensor | null)[] | Tensor | null;
  name?: string;
  gate_gradients?: boolean;
  aggregation_method?: unknown;
  stop_gradients?: Tensor[] | Tensor | null;
  unconnected_gradients?: UnconnectedGradients;
}
const KEYS = ["grad_ys", "name", "gate_gradients", "aggregation_method", "stop_gradients", "unconnected_gradients"] as const;

function asList<T>(x: T | T[] | null | undefined): T[] {
  if (x == null) return [];
  return Array.isArray(x) ? x : [x];
}

/**
 * `tf.gradients(ys, xs, grad_ys=None, name='gradients', gate_gradients=False,
 * aggregation_method=None, stop_gradients=None, unconnected_gradients="none")`.
 * Returns one gradient per x (null where y does not depend on x, or zeros with "zero").
 */
export function gradients(
  ys: Tensor | Tensor[],
  xs: Tensor | Variable | (Tensor | Variable)[],
  grad_ys?: Tensor | (Tensor | null)[] | GradientsOptions | null,
  name = "gradients",
  gate_gradients = false,
  aggregation_method: unknown = null,
  stop_gradients: Tensor | Tensor[] | null = null,
  unconnected_gradients: UnconnectedGradients = "none",
): (Tensor | null)[] {
  if (grad_ys && !(grad_ys instanceof Tensor) && !Array.isArray(grad_ys) && typeof grad_ys === "object") {
    const o = grad_ys as GradientsOptions;
    checkOptions("gradients", o, KEYS);
    ({ name = "gradients", stop_gradients = null, unconnected_gradients = "none" } = o);
    grad_ys = o.grad_ys ?? null;
  }
  void gate_gradients; void aggregation_method;
  const yl = asList(ys);
  const xl = asList(xs);
  const gyl = asList(grad_ys as Tensor | (Tensor | null)[] | null);
  if (!yl.length) throw new InvalidArgumentError("gradients: ys is empty.");
  const graph = yl.find((y) => y instanceof Tensor && y._source)?.op.graph as Graph | undefined;
  if (!graph || yl.some((y) => !(y instanceof Tensor) || !y._source)) {
    throw new Error(msg(
      "tf.gradients is not supported when eager execution is enabled. Use tf.GradientTape instead.",
      "즉시 실행(eager) 모드에서는 tf.gradients를 쓸 수 없습니다. 대신 tf.GradientTape를 쓰세요.",
    ));
  }
  if (gyl.length && gyl.length !== yl.length) {
    throw new InvalidArgumentError(msg(
      `gradients: Passed ${gyl.length} grad_ys for ${yl.length} ys.`,
      `gradients: ys ${yl.length}개에 grad_ys ${gyl.length}개가 주어졌습니다.`,
    ));
  }
  // Each x: the tensors that stand for it (a variable: every ReadVariableOp of it in the graph).
  const xTensors: Tensor[][] = xl.map((x) => {
    if (x instanceof Variable) {
      return graph._ops.filter((op) => op.type === "ReadVariableOp" && op.attrs.variable === x).map((op) => op.outputs[0]);
    }
    if (!(x instanceof Tensor) || !x._source || x.op.graph !== graph) {
      throw new InvalidArgumentError(msg(
        `gradients: every x must be a tensor or variable of the same graph as ys; got ${String(x)}.`,
        `gradients: xs의 각 원소는 ys와 같은 그래프의 텐서나 변수여야 하는데 ${String(x)}이(가) 왔습니다.`,
      ));
    }
    return [x];
  });
  const stops = new Set(asList(stop_gradients).map((t) => t.id));

  // Ops between xs and ys: backward from ys; the forward filter happens in backprop.
  const reach = new Set<Operation>();
  const stack = yl.map((y) => y.op as Operation);
  while (stack.length) {
    const op = stack.pop()!;
    if (reach.has(op)) continue;
    reach.add(op);
    for (const t of op.inputs) if (!stops.has(t.id)) stack.push(t.op as Operation);
  }
  const entries: Entry[] = [...reach].sort((a, b) => a._id - b._id).map((op) => ({
    def: op._def,
    inputs: stops.size ? op.inputs.map((t) => (stops.has(t.id) ? placeholderFree(t) : t)) : op.inputs,
    outputs: op.outputs,
    attrs: op.attrs,
    name: op.name,
  }));
  const ids = new Set<number>(xTensors.flat().map((t) => t.id));

  const run = () => name_scope(name, () => {
    const seeds: [Tensor, Tensor][] = yl.map((y, i) => {
      const g = gyl[i];
      if (g == null) return [y, runOp("OnesLike", [y], {}, "grad_ys_" + i)[0]];
      return [y, g instanceof Tensor ? g : constant(g as number, y.dtype)];
    });
    const grads = backprop(entries, seeds.filter(([y]) => y.dtype.kind === "f" || y.dtype.kind === "c"), ids, ids,
      (e, f) => name_scope(`${e.name}_grad`, f));
    return xTensors.map((ts, i) => {
      const gs = ts.map((t) => grads.get(t.id)).filter((g): g is Tensor => !!g);
      if (gs.length) return sumGrads(gs);
      if (unconnected_gradients === "zero") {
        const x = xl[i];
        return runOp("ZerosLike", [x instanceof Variable ? x._asTensor() : x], {})[0];
      }
      return null;
    });
  });
  // Build in the ys' graph, with no tape recording the gradient construction.
  const savedTapes = ctx.tapes;
  ctx.tapes = emptyList();
  try {
    return ctx.graphStack[ctx.graphStack.length - 1] === graph ? run() : graph.as_default(run);
  } finally {
    ctx.tapes = savedTapes;
  }
}

/** A stand-in tensor that no x depends on (what stop_gradients cuts an edge to). */
function placeholderFree(t: Tensor): Tensor {
  return new Tensor(t.shape, t.dtype, null, null, t._source);
}
