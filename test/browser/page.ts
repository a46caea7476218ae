/** The browser page: starts WebGPU (asynchronously), trains the tiny model on it, reports. */
import * as tf from "../../core/index";
import { trainTiny } from "./train";

async function main(): Promise<unknown> {
  const adapter = await tf.config.webgpu_ready();
  tf.config.set_backend("webgpu");
  let syncError = "";
  try { tf.constant([1, 2]).dataSync(); } catch (e) { syncError = (e as Error).message; }
  const r = await trainTiny(tf);
  return { adapter, syncError, gpus: tf.config.list_physical_devices("GPU").map(String), ...r };
}
(globalThis as any).__result = main().catch((e) => ({ error: String(e?.stack ?? e) }));
