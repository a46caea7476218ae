/**
 * Where no NVIDIA driver exists (CI), importing the library works, the cuda backend reports itself
 * unavailable with the reason, is never the default, and asking for it explains why.
 * (TF_CUDA_LIBRARY names a file that does not exist, so this holds on GPU machines too.)
 */
import "./no_driver";
import { it, expect } from "vitest";
import * as tf from "../../index";
import { cudaAvailability } from "../../core/backends/cuda";
import { availableBackends } from "../../core/config";
import { registeredBackends } from "../../core/engine/engine";

it("the cuda backend is registered but unavailable, with the reason", () => {
  expect(registeredBackends()).toContain("cuda");
  const a = cudaAvailability();
  expect(a.available).toBe(false);
  expect(a.reason).toMatch(/Backend 'cuda' is not available here: no NVIDIA driver found \(tried \/nonexistent\/libcuda\.so\.1: .*\)\. Install the NVIDIA driver/);
  expect(availableBackends()).not.toContain("cuda");
});

it("it is not the default; set_backend('cuda') and tf.device('/GPU:0') explain", () => {
  expect(tf.config.get_backend()).not.toBe("cuda");
  expect(() => tf.config.set_backend("cuda")).toThrow(/not available here: no NVIDIA driver found/);
  expect(tf.config.list_physical_devices("GPU").map((d) => d.backend)).not.toContain("cuda");
  expect(String(tf.add(tf.constant([1, 2]), 1))).toBe("tf.Tensor([2. 3.], shape=(2,), dtype=float32)");
});
