// Prints the benchmark table of test/cuda/run.sh from its JSON lines (argument: bench.jsonl).
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
const torch = (b, n) => rows.find((r) => r.bench === b && r.impl === "torch cuda" && (n === undefined || r.n === n));
const lines = ["| benchmark | implementation | result | vs PyTorch CUDA |", "| --- | --- | --- | --- |"];
for (const r of rows) {
  if (r.bench === "matmul") {
    const t = torch("matmul", r.n);
    lines.push(`| matmul ${r.n}x${r.n} fp32 | ${r.impl} | ${r.skip ? `skipped: ${r.skip}` : `${r.gflops} GFLOPS (${r.ms} ms)`} | ${t && r.gflops && r.impl !== t.impl ? `${(r.gflops / t.gflops).toFixed(2)}x` : ""} |`);
  } else if (r.bench === "mlp_epoch") {
    const t = torch("mlp_epoch");
    const res = r.skip ? `skipped: ${r.skip}` : `${r.s} s, loss ${r.loss}, test accuracy ${r.test_accuracy}`;
    lines.push(`| MLP epoch, Fashion-MNIST | ${r.impl} | ${res} | ${t && t.s && r.s && r.impl !== t.impl ? `${(t.s / r.s).toFixed(2)}x PyTorch's speed` : ""} |`);
  }
}
console.log(lines.join("\n"));
