// Eager dispatch cost: 100k adds of two float32 [4] tensors, µs per op (median of 5 rounds).
//   node bench/add.mjs <impl> [--n=100000]
// impl: tfts-native | tfts-cpu | tfjs-cpu | tfjs-wasm (tfjs: each add in its own tf.tidy, so
// its result is freed like ours is by the GC).
import { pathToFileURL } from "node:url";
import { loadImpl, median } from "./matmul.mjs";

async function main() {
  const args = process.argv.slice(2);
  const impl = args.find((a) => !a.startsWith("--")) ?? "tfts-native";
  const n = Number(args.find((a) => a.startsWith("--n="))?.slice(4) ?? 100_000);
  const lib = await loadImpl(impl);
  const add = lib.makeAdd();
  for (let i = 0; i < 20_000; i++) add(); // warm-up (JIT)
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) add();
    rounds.push(Number(process.hrtime.bigint() - t) / 1e3 / n);
  }
  console.log(JSON.stringify({ bench: "add", impl, us: median(rounds), n, info: lib.info() }));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => { console.log(JSON.stringify({ bench: "add", skip: String(e.message ?? e) })); process.exit(0); });
}
