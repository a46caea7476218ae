/**
 * Graph-only ops: Placeholder (fed at run time), NoOp (tf.group), and the graph-level
 * `placeholder(dtype, shape, name)` that tf.compat.v1.placeholder and tf.function tracing use.
 */
import type { Tensor } from "../tensor/tensor";
import { DType, DTypeLike, asDType } from "../tensor/dtypes";
import { defineOp } from "../engine/engine";
import { currentGraph, Graph, Operation } from "./graph";
import { InvalidArgumentError, UnimplementedError, msg } from "../errors";

defineOp({
  name: "Placeholder",
  infer(_i, { dtype, shape }) { return [{ shape, dtype }]; },
});

defineOp({
  name: "NoOp",
  infer() { return []; },
  stateful: true,
});

/**
 * Adds a Placeholder to the graph being built. `shape` entries may be `null` (unknown, printed
 * `None`). Unknown rank (shape `null`/undefined) is not supported: give the rank.
 */
export function placeholder(dtype: DTypeLike, shape?: readonly (number | null)[] | null, name?: string, graph?: Graph): Tensor {
  const g = graph ?? currentGraph();
  if (!g) {
    throw new Error(msg(
      "tf.placeholder() is not compatible with eager execution. Call tf.compat.v1.disable_eager_execution() first, " +
      "or in TF2 style pass the value as an argument of a tf.function.",
      "tf.placeholder()는 즉시 실행(eager) 모드에서 쓸 수 없습니다. 먼저 tf.compat.v1.disable_eager_execution()을 호출하거나, " +
      "TF2 방식으로 값을 tf.function의 인자로 넘기세요.",
    ));
  }
  const d: DType = asDType(dtype);
  if (shape == null) {
    throw new UnimplementedError(msg(
      "placeholder: a shape of unknown rank (shape=None) is not supported. Give the rank, using null for unknown sizes: " +
      "[] for a scalar, [null, 784] for a batch of 784-vectors.",
      "placeholder: 랭크를 모르는 형태(shape=None)는 지원하지 않습니다. 크기를 모르는 차원은 null로 두고 랭크를 주세요: " +
      "스칼라는 [], 784차원 벡터 배치는 [null, 784].",
    ));
  }
  if (!Array.isArray(shape) || !shape.every((x) => x === null || x === -1 || (Number.isInteger(x) && x >= 0))) {
    throw new InvalidArgumentError(msg(
      `placeholder: shape must be a list of non-negative integers or null, got ${JSON.stringify(shape)}.`,
      `placeholder: shape는 0 이상의 정수 또는 null의 배열이어야 하는데 ${JSON.stringify(shape)}입니다.`,
    ));
  }
  const s = shape.map((x) => (x === -1 ? null : x)) as number[];
  return g._createOp("Placeholder", [], { dtype: d, shape: s }, [{ shape: s, dtype: d }], name ?? "Placeholder").outputs[0];
}

/** `tf.group(*inputs, name=None)`: a NoOp that runs after all of `inputs`. */
export function group(inputs: (Tensor | Operation | null)[], name?: string): Operation {
  const g = currentGraph();
  if (!g) throw new Error("tf.group needs a graph (tf.function or graph mode); in eager mode ops have already run.");
  return g.control_dependencies(inputs, () => g._createOp("NoOp", [], {}, [], name ?? "NoOp"));
}
