/**
 * The `webgpu` backend: WGSL kernels on a WebGPU device.
 *
 *  - Never the default (priority -1, below cpu/native/wasm): chosen with
 *    `tf.config.set_backend("webgpu")`, `TF_BACKEND=webgpu`, or `tf.device("/GPU:0", fn)`.
 *  - Lazy: importing the library starts nothing; the device starts the first time the backend is
 *    asked for (which `tf.config.list_physical_devices()` / `("GPU")` does, to show the adapter).
 *  - Node: the npm package `webgpu` (Dawn) in a worker thread; `dataSync()`/`numpy()`/printing
 *    block on it (Atomics.wait). Without a Vulkan driver (or the package) the backend is simply
 *    unavailable. `TF_WEBGPU_FLAGS` passes Dawn toggles to `create()` (comma-separated).
 *  - Browsers: `await tf.config.webgpu_ready()` first (adapter requests are asynchronous), then
 *    `set_backend("webgpu")`; reads are `await t.data()` (see README "WebGPU").
 *  - Kernels a device cannot run go to the cpu explicitly: one warning per op, and
 *    `tf.config.list_cpu_fallbacks("webgpu")` lists them with the reason.
 */
import { registerBackend, registerKernel, getBackend } from "../../engine/engine";
import { WebGPUBackend } from "./backend";
import { WorkerLink, InThreadLink, DeviceLink } from "./link";
import { declared } from "./kernels/util";
import "./kernels";

let browserLink: DeviceLink | null = null;

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return !!p?.versions?.node;
}

/** Ops without a device kernel get an explicit cpu kernel (so outputs stay on this backend). */
const NOT_WRAPPED = new Set(["ReadVariableOp"]);
function wrapRemaining(): void {
  const cpu = getBackend("cpu");
  for (const op of cpu.kernels.keys()) {
    if (NOT_WRAPPED.has(op) || registeredOps.has(op)) continue;
    registeredOps.add(op);
    declared.set(op, "no WGSL kernel");
    registerKernel("webgpu", op, (inputs, attrs, outs, be) => (be as WebGPUBackend).runOnCpu(op, inputs, attrs, outs, "no WGSL kernel"));
  }
}
import { registeredOps } from "./kernels/util";

registerBackend("webgpu", () => {
  const link = browserLink ?? (isNode() ? new WorkerLink() : null);
  if (!link) {
    throw new Error("in a browser, call `await tf.config.webgpu_ready()` before using the webgpu backend (requesting an adapter is asynchronous)");
  }
  wrapRemaining();
  const be = new WebGPUBackend(link);
  for (const [op, reason] of declared) be.declareFallback(op, reason);
  return be;
}, -1);

/**
 * Browsers: requests the adapter and device on `navigator.gpu` (or the given GPU object) so that
 * the `webgpu` backend can start. Resolves to the adapter description. In Node it starts the
 * worker-owned device and resolves as well.
 */
export async function webgpuReady(gpu?: unknown): Promise<string> {
  if (!isNode() || gpu) {
    if (!browserLink) {
      const g = gpu ?? (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
      if (!g) throw new Error("WebGPU is not available here (navigator.gpu is undefined)");
      browserLink = await InThreadLink.create(g);
    }
  }
  const be = getBackend("webgpu") as WebGPUBackend;
  return be.info.adapter.description || be.info.adapter.vendor;
}
