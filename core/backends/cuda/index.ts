/**
 * The `cuda` backend: NVIDIA GPUs through the driver API (libcuda.so.1) called with koffi, kernels
 * from cuda/kernels.cu shipped as PTX (core/backends/cuda/ptx.generated.ts), cuBLAS for GEMMs when
 * it loads. Nothing here touches the driver until the backend is first asked for: importing the
 * library never fails, and where no driver or GPU exists the factory throws with the reason
 * (`cudaAvailability()`), so the engine keeps `native`/`cpu` as the default.
 *
 * Priority 2: the default wherever a GPU works (as TensorFlow places ops on the GPU). TF_BACKEND or
 * tf.config.set_backend picks another; tf.device("/GPU:0", fn) runs fn's ops here.
 */
import { getBackend, registerBackend } from "../../engine/engine";
import { CudaBackend } from "./backend";
import "./kernels";

registerBackend("cuda", () => new CudaBackend(), 2);

/** Whether the cuda backend starts here, and why not. Starts it on first call. */
export function cudaAvailability(): { available: boolean; reason: string; device?: CudaBackend["info"] } {
  try {
    const b = getBackend("cuda") as CudaBackend;
    return { available: true, reason: "", device: b.info };
  } catch (e) {
    return { available: false, reason: (e as Error).message };
  }
}
export { CudaBackend };
