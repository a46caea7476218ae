import { describe, it, beforeAll } from "vitest";
import * as tf from "../../index";
import { loadCases, checkCase, title } from "../ops_math/fixture_util";

// numpy fixtures from test/fixtures/gen_reduce_nn.py: reductions, scans, top_k, add_n, matmul, einsum, tensordot.
const NN = /^(nn\.|math\.(log_sigmoid|softmax|l2_normalize))/;
const cases = loadCases("reduce_nn.json").map((c, i) => ({ c, i })).filter(({ c }) => !NN.test(c.fn));

describe("reductions and matrix products vs numpy", () => {
  // The cpu backend is the reference these fixtures pin down (other backends: test/conformance).
  beforeAll(() => tf.config.set_backend("cpu"));
  it.each(cases.map(({ c, i }) => [title(c, i), c, i] as const))("%s", (_t, c, i) => checkCase(c, i));
});
