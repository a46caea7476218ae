/**
 * A tiny model trained by a plain GradientTape loop with asynchronous reads only (what a browser
 * page can do): a 4-16-1 MLP fitting a fixed smooth target, 25 SGD steps. Shared by the page
 * bundle (webgpu in Chromium) and the Node reference run (cpu).
 */
type TF = typeof import("../../core/index");

export async function trainTiny(tf: TF): Promise<{ losses: number[]; w2: number[]; backend: string }> {
  const lcg = (n: number, seed: number) => {
    const v = new Array<number>(n);
    let s = seed >>> 0;
    for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; v[i] = s / 2 ** 31 - 1; }
    return v;
  };
  const xs = lcg(64 * 4, 1);
  const ys = Array.from({ length: 64 }, (_, i) => Math.sin(xs[4 * i]) + 0.5 * xs[4 * i + 1] * xs[4 * i + 2] - 0.25 * xs[4 * i + 3]);
  const x = tf.constant(xs, "float32", [64, 4]), y = tf.constant(ys, "float32", [64, 1]);
  const w1 = new tf.Variable(tf.constant(lcg(4 * 16, 2).map((v) => v * 0.5), "float32", [4, 16]));
  const b1 = new tf.Variable(tf.zeros([16]));
  const w2 = new tf.Variable(tf.constant(lcg(16, 3).map((v) => v * 0.5), "float32", [16, 1]));
  const vars = [w1, b1, w2];
  const losses: number[] = [];
  for (let step = 0; step < 25; step++) {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const h = tf.nn.relu(tf.add(tf.matmul(x, w1), b1));
      return tf.reduce_mean(tf.square(tf.subtract(tf.matmul(h, w2), y)));
    });
    const grads = tape.gradient(loss, vars) as ReturnType<typeof tf.constant>[];
    vars.forEach((v, i) => v.assign_sub(tf.multiply(grads[i], 0.2)));
    losses.push((await loss.data())[0] as number);
  }
  const w2v = Array.from((await w2.data()) as Float32Array);
  return { losses, w2: w2v, backend: tf.config.get_backend() };
}
