/**
 * Tensor.device names the device a tensor lives on as TF does, with the device's index among
 * those of its type in tf.config.list_physical_devices order: a second GPU backend is GPU:1 (a
 * machine with the cuda driver and WebGPU has both; webgpu tensors said GPU:0 before).
 */
import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { registerBackend } from "../../core/engine/engine";
import type { Backend } from "../../core/backends/backend";
import type { DataArray } from "../../core/tensor/dtypes";

/** A stand-in GPU backend on cpu storage (the engine runs cpu's kernels for it, outputs stay on it). */
function fakeGpu(name: string): Backend {
  return {
    name, deviceType: "GPU", kernels: new Map(), sharesCpuStorage: true,
    write: (v: DataArray) => v, readSync: (h: unknown) => h as DataArray, read: (h: unknown) => Promise.resolve(h as DataArray),
    dispose: () => {}, memory: () => ({ numBytes: 0, numTensors: 0 }),
  };
}

describe("Tensor.device", () => {
  registerBackend("fake-gpu-a", () => fakeGpu("fake-gpu-a"), -10);
  registerBackend("fake-gpu-b", () => fakeGpu("fake-gpu-b"), -11);
  registerBackend("fake-gpu-off", () => { throw new Error("no device here"); }, -10.5); // does not start: not counted

  it("gives each GPU backend its index among the GPU devices; CPU backends are CPU:0", () => {
    const gpus = tf.config.list_physical_devices("GPU");
    const names = gpus.map((d) => d.backend);
    expect(names).toContain("fake-gpu-a");
    expect(names.indexOf("fake-gpu-b")).toBe(names.indexOf("fake-gpu-a") + 1);
    gpus.forEach((d, i) => {
      const t = tf.device(`/GPU:${i}`, () => tf.add(tf.constant([1, 2]), 1));
      expect(t._backend!.name).toBe(d.backend);
      expect(t.device).toBe(`/job:localhost/replica:0/task:0/device:GPU:${i}`);
      expect(Array.from(t.dataSync() as Float32Array)).toEqual([2, 3]);
    });
    expect(tf.device("/CPU:0", () => tf.add(tf.constant(1), 1)).device).toBe("/job:localhost/replica:0/task:0/device:CPU:0");
  });
});
