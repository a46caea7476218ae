/**
 * cuda benchmarks (run by test/cuda/run.sh on a GPU machine; prints one JSON line per result):
 *  - matmul float32 n x n (n = 1024, 4096): GFLOPS through cuBLAS and through the own tiled GEMM;
 *  - one epoch of the lecture's MLP (Flatten, Dense 512 relu, Dropout 0.2, Dense 10 softmax; Adam;
 *    batch 32) on Fashion-MNIST's 60,000 training images with Keras fit, and test accuracy; the ops that
 *    ran cpu's kernel on host copies during the epoch (cpu_fallback_calls: op -> calls).
 * Timings wait for the stream (dataSync of a result / backend.synchronize).
 */
import * as tf from "../../index";
import { getBackend } from "../../core/engine/engine";
import type { CudaBackend } from "../../core/backends/cuda";

const out = (o: object) => console.log(JSON.stringify(o));

function matmulBench(n: number, own: boolean): void {
  if (own) process.env.TF_CUDA_OWN_GEMM = "1"; else delete process.env.TF_CUDA_OWN_GEMM;
  const b = getBackend("cuda") as unknown as CudaBackend;
  if (!own && !b.cublas) { out({ bench: "matmul", impl: "tensorflow-ts cuda (cuBLAS)", n, skip: b.cublasReason }); return; }
  const a = tf.random.uniform([n, n]), c = tf.random.uniform([n, n]);
  for (let i = 0; i < 3; i++) tf.matmul(a, c).dispose();
  b.synchronize();
  const reps = n >= 4096 ? 20 : 200;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) tf.matmul(a, c).dispose();
  b.synchronize();
  const s = (performance.now() - t0) / 1000 / reps;
  out({ bench: "matmul", impl: own ? "tensorflow-ts cuda (own GEMM)" : "tensorflow-ts cuda (cuBLAS)", n, ms: +(s * 1000).toFixed(3), gflops: +((2 * n ** 3) / s / 1e9).toFixed(1) });
  a.dispose(); c.dispose();
  delete process.env.TF_CUDA_OWN_GEMM;
}

async function mlpEpoch(limit: number): Promise<void> {
  const [[xtr0, ytr0], [xte0, yte0]] = await tf.keras.datasets.fashion_mnist.load_data();
  const cut = (t: any) => (limit ? tf.slice(t, [0, ...new Array(t.shape.length - 1).fill(0)], [limit, ...new Array(t.shape.length - 1).fill(-1)]) : t);
  const [xtr, ytr, xte, yte] = [cut(xtr0), cut(ytr0), cut(xte0), cut(yte0)];
  const x_train = tf.divide(xtr, 255.0), x_test = tf.divide(xte, 255.0);
  tf.random.set_seed(0);
  const model = new tf.keras.models.Sequential([
    new tf.keras.layers.Flatten(),
    new tf.keras.layers.Dense(512, { activation: tf.nn.relu }),
    new tf.keras.layers.Dropout(0.2),
    new tf.keras.layers.Dense(10, { activation: tf.nn.softmax }),
  ]);
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  // Ops that run cpu's kernel on host copies during the epoch, with their call counts.
  const b = getBackend("cuda") as unknown as CudaBackend;
  const calls: Record<string, number> = {};
  const viaCpu = b.viaCpu;
  b.viaCpu = function (this: CudaBackend, op: string, ...rest: any[]) {
    calls[op] = (calls[op] ?? 0) + 1;
    return (viaCpu as any).call(this, op, ...rest);
  } as CudaBackend["viaCpu"];
  const t0 = performance.now();
  const h: any = await model.fit(x_train, ytr, { epochs: 1, batch_size: 32, verbose: 0 });
  const s = (performance.now() - t0) / 1000;
  b.viaCpu = viaCpu;
  const [, acc] = model.evaluate(x_test, yte, { verbose: 0 }) as number[];
  out({ bench: "mlp_epoch", impl: "tensorflow-ts cuda", images: (x_train.shape as number[])[0], s: +s.toFixed(2), loss: +h.history.loss[0].toFixed(4), test_accuracy: +acc.toFixed(4), cpu_fallback_calls: calls });
}

async function main(): Promise<void> {
  tf.config.set_backend("cuda");
  const b = getBackend("cuda") as unknown as CudaBackend;
  out({ bench: "device", ...b.info });
  // Arguments (for smoke runs): which ("all" | "matmul" | "mlp"), matmul sizes ("1024,4096"), training images (all).
  const which = process.argv[2] ?? "all";
  const sizes = (process.argv[3] ?? "1024,4096").split(",").map(Number);
  if (which === "all" || which === "matmul") for (const n of sizes) { matmulBench(n, false); matmulBench(n, true); }
  if (which === "all" || which === "mlp") await mlpEpoch(process.argv[4] ? Number(process.argv[4]) : 0);
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
