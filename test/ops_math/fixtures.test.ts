import { describe, it, beforeAll } from "vitest";
import * as tf from "../../index";
import { loadCases, checkCase, title } from "./fixture_util";

// numpy fixtures from test/fixtures/gen_math.py: elementwise arithmetic, unary functions,
// comparisons, logic, where, clip_by_value and cast on scalars, empty tensors and broadcasting.
const cases = loadCases("math.json").map((c, i) => ({ c, i }));

describe("elementwise math vs numpy", () => {
  // The cpu backend is the reference these fixtures pin down (other backends: test/conformance).
  beforeAll(() => tf.config.set_backend("cpu"));
  it.each(cases.map(({ c, i }) => [title(c, i), c, i] as const))("%s", (_t, c, i) => checkCase(c, i));
});
