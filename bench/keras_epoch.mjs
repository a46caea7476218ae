// One Fashion-MNIST epoch of the lecture's Keras model (EXAMPLES section 7: Flatten, Dense 512
// relu, Dropout 0.2, Dense 10 softmax; Adam; batch 32; 60,000 images) beside PyTorch's
// equivalent (Debian's /usr/bin/python3 with python3-torch), each in its own process, one after
// another: seconds for the epoch (data loading excluded), peak RSS of the whole process, and
// test accuracy after the epoch.
//   npm run build && node bench/keras_epoch.mjs [--backends=native,cpu] [--epochs=1] [--rounds=3]
// Rounds are interleaved (ours, torch, ours, torch, ...) and each implementation's row is its
// median round, so a shared machine's slow minutes skew both sides alike; every round's seconds
// are printed too. --quick runs one round.
// Prints a table plus one JSON line per run ({"bench":"keras_epoch", ...}).
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, def) => (process.argv.find((a) => a.startsWith(`--${name}=`)) ?? `=${def}`).split("=").slice(1).join("=");
const PY = process.env.PYTHON ?? "/usr/bin/python3";
const FASHION = "/usr/share/datasets/fashion-mnist";
const epochs = Number(arg("epochs", "1"));
const rounds = process.argv.includes("--quick") ? 1 : Math.max(1, Number(arg("rounds", "3")));

if (!existsSync(join(here, "../dist/index.js"))) {
  console.error("keras_epoch: dist/ is missing; run `npm run build` first.");
  process.exit(1);
}

/** Child: train with tensorflow-ts on one backend and print a JSON line. */
async function child(backend) {
  const tf = require("../dist/index.js");
  if (backend) tf.config.set_backend(backend);
  tf.random.set_seed(0);
  // As the lecture (and keras_epoch.py) does it: the uint8 arrays are replaced, not kept beside the floats.
  let [[x_train, ytr], [x_test, yte]] = await tf.keras.datasets.fashion_mnist.load_data();
  x_train = tf.divide(x_train, 255.0); x_test = tf.divide(x_test, 255.0);
  const model = new tf.keras.models.Sequential([
    new tf.keras.layers.Flatten(),
    new tf.keras.layers.Dense(512, { activation: tf.nn.relu }),
    new tf.keras.layers.Dropout(0.2),
    new tf.keras.layers.Dense(10, { activation: tf.nn.softmax }),
  ]);
  model.compile({ optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"] });
  const cpu0 = process.cpuUsage(), t0 = performance.now();
  const h = await model.fit(x_train, ytr, { epochs, batch_size: 32, verbose: 0 });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const [, acc] = model.evaluate(x_test, yte, { verbose: 0 });
  console.log(JSON.stringify({
    bench: "keras_epoch", impl: `tensorflow-ts ${tf.config.get_backend()}`, epochs, seconds_per_epoch: seconds / epochs,
    ms_per_step: (seconds * 1000) / (epochs * 1875), train_loss: h.history.loss[epochs - 1], test_acc: acc,
    max_rss_mib: process.resourceUsage().maxRSS / 1024, cpu_per_wall: (cpu.user + cpu.system) / 1e6 / seconds,
  }));
}

function runJson(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: join(here, ".."), encoding: "utf8", timeout: 1800 * 1000, env: process.env, maxBuffer: 1 << 26 });
  if (r.error) return { skip: `${cmd}: ${r.error.code ?? r.error.message}` };
  const line = (r.stdout ?? "").split("\n").find((l) => l.startsWith("{") && l.includes("keras_epoch"));
  if (!line) return { skip: `exit ${r.status}: ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}` };
  return JSON.parse(line);
}

async function main() {
  const run = arg("run", "");
  if (run) return child(run === "default" ? null : run);
  if (!existsSync(`${FASHION}/train-images-idx3-ubyte.gz`)) {
    console.log(JSON.stringify({ bench: "keras_epoch", skip: `${FASHION} missing (apt-get install dataset-fashion-mnist)` }));
    return;
  }
  const backends = arg("backends", "default").split(",").filter(Boolean);
  const runs = [...backends.map((b) => [process.execPath, [fileURLToPath(import.meta.url), `--run=${b}`, `--epochs=${epochs}`]]), [PY, [join(here, "keras_epoch.py"), String(epochs)]]];
  const all = runs.map(() => []);
  for (let r = 0; r < rounds; r++) runs.forEach(([cmd, argv], i) => all[i].push(runJson(cmd, argv)));
  // Each implementation's median round (by seconds); a skip in any round stands for the row.
  const rows = all.map((rs) => {
    const skip = rs.find((x) => x.skip);
    if (skip) return skip;
    const sorted = [...rs].sort((a, b) => a.seconds_per_epoch - b.seconds_per_epoch);
    return { ...sorted[(sorted.length - 1) >> 1], rounds: rs.map((x) => Number(x.seconds_per_epoch.toFixed(3))), max_rss_mib: Math.max(...rs.map((x) => x.max_rss_mib)) };
  });
  console.log(`\nFashion-MNIST, section 7 model, batch 32, Adam, ${epochs} epoch(s) of 60,000 images (data loading excluded); ${rounds} interleaved round(s), median shown`);
  console.log("| implementation | s/epoch | ms/step | test acc | max RSS (MiB) | CPU/wall | rounds (s) |");
  console.log("|---|---|---|---|---|---|---|");
  const torch = rows.find((r) => r.impl && r.impl.startsWith("torch"));
  for (const r of rows) {
    if (r.skip) { console.log(`| ${r.impl ?? "?"} | skipped: ${r.skip} | | | | | |`); continue; }
    const ratio = torch && r !== torch ? ` (${(r.seconds_per_epoch / torch.seconds_per_epoch).toFixed(2)}x torch)` : "";
    console.log(`| ${r.impl} | ${r.seconds_per_epoch.toFixed(1)}${ratio} | ${r.ms_per_step.toFixed(2)} | ${r.test_acc.toFixed(4)} | ${r.max_rss_mib.toFixed(0)} | ${r.cpu_per_wall.toFixed(2)} | ${(r.rounds ?? []).map((x) => x.toFixed(2)).join(", ")} |`);
  }
  const nat = rows.find((r) => r.impl === "tensorflow-ts native");
  if (nat && torch && !torch.skip) {
    const q = nat.seconds_per_epoch / torch.seconds_per_epoch, m = nat.max_rss_mib / torch.max_rss_mib;
    console.log(`Goal seed-MLP epoch: native <= 0.8x PyTorch: ${q.toFixed(2)}x -> ${q <= 0.8 ? "met" : "NOT met"}; accuracy ${nat.test_acc.toFixed(4)} (>= 0.84: ${nat.test_acc >= 0.84 ? "met" : "NOT met"})`);
    console.log(`Goal peak RSS: native <= 0.7x PyTorch: ${m.toFixed(2)}x -> ${m <= 0.7 ? "met" : "NOT met"}`);
  }
  for (const r of rows) console.log(JSON.stringify(r));
}
main().catch((e) => { console.error(e); process.exit(1); });
