/**
 * cuda kernels: fused optimizer updates (core's ApplyAdam / ApplyKerasMomentum /
 * ApplyGradientDescent and tf.compat.v1's ApplyMomentum / ApplyRMSProp / ApplyCenteredRMSProp /
 * ApplyAdagrad / ApplyAdadelta). One pass over the variable per step; the scalar hyper-parameters
 * are read on the device, so a training step never waits for the host.
 */
import type { Kernel } from "../../backend";
import { registerKernel } from "../../../engine/engine";
import { be, floatKind, ptr } from "../util";
import { sizeOfShape } from "../backend";
import type { KernelName } from "../ptx.generated";

/** Inputs in TF's order are passed as pointers, then `extra` int attrs, then the outputs, then n. */
function update(op: string, kernel: string, extra: (attrs: any) => number[] = () => []): Kernel {
  return (inputs, attrs, outs, backend) => {
    const b = be(backend);
    const f = floatKind(inputs[0].dtype);
    if (!f) return b.viaCpu(op, inputs, attrs, outs, ` for ${inputs[0].dtype.name}`);
    const n = sizeOfShape(inputs[0].shape);
    const res = outs.map((o) => b.out(o));
    const args = [...inputs.map(ptr), ...extra(attrs), ...res.map((h) => h.ptr), n];
    (b.launch1d as (name: KernelName, n: number, ...a: number[]) => void)(`${kernel}_${f}` as KernelName, n, ...args);
    return res;
  };
}
const nesterov = (a: any) => [a?.use_nesterov ? 1 : 0];
registerKernel("cuda", "ApplyAdam", update("ApplyAdam", "apply_adam"));
registerKernel("cuda", "ApplyKerasMomentum", update("ApplyKerasMomentum", "apply_keras_momentum", nesterov));
registerKernel("cuda", "ApplyGradientDescent", update("ApplyGradientDescent", "apply_gradient_descent"));
registerKernel("cuda", "ApplyMomentum", update("ApplyMomentum", "apply_momentum", nesterov));
registerKernel("cuda", "ApplyRMSProp", update("ApplyRMSProp", "apply_rmsprop"));
registerKernel("cuda", "ApplyCenteredRMSProp", update("ApplyCenteredRMSProp", "apply_centered_rmsprop"));
registerKernel("cuda", "ApplyAdagrad", update("ApplyAdagrad", "apply_adagrad"));
registerKernel("cuda", "ApplyAdadelta", update("ApplyAdadelta", "apply_adadelta"));
