/**
 * Ops that exist for autodiff: StopGradient, and IdentityN (carries a tf.custom_gradient rule, eagerly and in graphs alike).
 */
import type { Tensor } from "../tensor/tensor";
import { defineOp, registerKernel, runOp } from "../engine/engine";

const identityKernel = (inputs: Tensor[], attrs: any) => {
  const n = attrs?.n ?? inputs.length;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(inputs[i]._handle);
  return out;
};

defineOp({
  name: "StopGradient",
  infer([x]) { return [{ shape: x.shape, dtype: x.dtype }]; },
  grad: () => [null],
});
registerKernel("cpu", "StopGradient", identityKernel);

/**
 * IdentityN(ys..., xs...) -> ys: the first `n` inputs pass through. With `attrs.grad_fn` (from
 * tf.custom_gradient) the gradient of the outputs is routed to the trailing inputs by that rule,
 * and nothing flows into the forward computation that produced ys.
 */
defineOp({
  name: "IdentityN",
  infer(inputs, attrs) {
    const n = attrs?.n ?? inputs.length;
    return inputs.slice(0, n).map((t) => ({ shape: t.shape, dtype: t.dtype }));
  },
  grad(dys, inputs, _outs, attrs) {
    const n = attrs?.n ?? inputs.length;
    if (!attrs?.grad_fn) return inputs.map((_t, i) => (i < n ? dys[i] : null));
    const rest = attrs.grad_fn(dys) as (Tensor | null | undefined)[];
    return [...new Array(n).fill(null), ...rest];
  },
});
registerKernel("cpu", "IdentityN", identityKernel);

/** Internal: `Identity` of a tensor (a new tensor sharing the value; the op is defined in ops/array). */
export function identityOp(x: Tensor, name?: string): Tensor {
  return runOp("Identity", [x], {}, name)[0];
}
