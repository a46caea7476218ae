import { describe, it, expect } from "vitest";
import * as tf from "../../index";
import { placeholder } from "../../core/graph/ops";
import { executeGraph } from "../../core/graph/execute";
import { ctx } from "../../core/engine/engine";

type T = tf.Tensor;

describe("tf.Graph and Operations", () => {
  it("names ops by type, uniquely (MatMul, MatMul_1), with name scopes", () => {
    const g = new tf.Graph();
    const [a, b, c, d] = g.as_default(() => {
      const x = placeholder(tf.float32, [2, 2]);
      const a = tf.matmul(x, x);
      const b = tf.matmul(a, x);
      const c = tf.name_scope("layer", () => tf.add(tf.matmul(b, x), 1));
      const d = tf.name_scope("layer", () => tf.nn.relu(c, "act"));
      return [a, b, c, d];
    });
    expect(String(a)).toBe('Tensor("MatMul:0", shape=(2, 2), dtype=float32)');
    expect(b.name).toBe("MatMul_1:0");
    expect(c.name).toBe("layer/AddV2:0");
    expect(d.name).toBe("layer_1/act:0");
    expect(g.get_operations().map((op) => op.name)).toEqual(["Placeholder", "MatMul", "MatMul_1", "layer/MatMul", "layer/Const", "layer/AddV2", "layer_1/act"]);
    expect(g.get_operation_by_name("layer/MatMul").type).toBe("MatMul");
    expect(g.get_tensor_by_name("MatMul_1:0")).toBe(b);
    const op = g.get_operation_by_name("MatMul_1");
    expect(op.inputs.map((t) => t.name)).toEqual(["MatMul:0", "Placeholder:0"]);
    expect(op.outputs[0]).toBe(b);
    expect(op.node_def.input).toEqual(["MatMul", "Placeholder"]);
    expect(op.get_attr("transpose_a")).toBe(false);
    expect(String(op)).toMatch(/^name: "MatMul_1"\nop: "MatMul"\ninput: "MatMul"\ninput: "Placeholder"/);
    expect(() => g.get_tensor_by_name("Nope:0")).toThrow(/does not exist/);
    expect(() => g.get_tensor_by_name("MatMul")).toThrow(/looks like an \(invalid\) Operation name/);
    expect(() => g.get_operation_by_name("Nope")).toThrow(tf.errors.NotFoundError);
  });

  it("unknown dimensions propagate and print as None; eager tensors are captured as Const", () => {
    const g = new tf.Graph();
    const k = tf.constant([[1, 2], [3, 4]]);
    const y = g.as_default(() => tf.matmul(placeholder(tf.float32, [null, 2], "x"), k));
    expect(String(y)).toBe('Tensor("MatMul:0", shape=(None, 2), dtype=float32)');
    expect(y.repr()).toBe("<tf.Tensor 'MatMul:0' shape=(None, 2) dtype=float32>");
    const konst = g.get_operation_by_name("Const");
    expect(konst.type).toBe("Const");
    expect(konst.outputs[0].shape).toEqual([2, 2]);
    // reusing the same eager tensor reuses its Const node
    g.as_default(() => tf.add(k, 1));
    expect(g.get_operations().filter((op) => op.type === "Const" && op.outputs[0].shape.length === 2).length).toBe(1);
  });

  it("graph tensors cannot be used eagerly, and tensors of other graphs are rejected", () => {
    const g1 = new tf.Graph(), g2 = new tf.Graph();
    const a = g1.as_default(() => placeholder(tf.float32, [1]));
    expect(() => tf.add(a, a)).toThrow(/graph tensor/);
    expect(() => g2.as_default(() => tf.add(a, 1))).toThrow(/must be from the same graph/);
  });

  it("executes subgraphs with feeds; errors name the placeholder", () => {
    const g = new tf.Graph();
    const { x, y, m } = g.as_default(() => {
      const x = placeholder(tf.float32, [1, 1]);
      const y = placeholder(tf.float32, [null, 2], "y");
      return { x, y, m: tf.matmul(x, x) };
    });
    expect(String(executeGraph([m], new Map([[x, [[2.0]]]]))[0])).toBe("tf.Tensor([[4.]], shape=(1, 1), dtype=float32)");
    expect(() => executeGraph([m], null)).toThrow(/You must feed a value for placeholder tensor 'Placeholder' with dtype float32 and shape \[1,1\]/);
    expect(() => executeGraph([m], new Map([[x, [1, 2]]]))).toThrow(/Cannot feed value of shape \(2,\) for Tensor Placeholder:0, which has shape \(1, 1\)/);
    const s = g.as_default(() => tf.reduce_sum(y, 1));
    expect(Array.from(executeGraph([s], new Map([[y, [[1, 2], [3, 4], [5, 6]]]]))[0]!.dataSync() as ArrayLike<number>)).toEqual([3, 7, 11]);
    // feeding an intermediate tensor skips its producer
    expect(Array.from(executeGraph([m], new Map([[m, [[7]]]]))[0]!.dataSync() as ArrayLike<number>)).toEqual([7]);
  });

  it("control dependencies and tf.group order stateful ops", () => {
    const g = new tf.Graph();
    const v = new tf.Variable(1.0);
    const { read, grp } = g.as_default(() => {
      const inc = v.assign_add(10, { read_value: false });
      const read = g.control_dependencies([inc], () => tf.multiply(v, 2));
      const grp = tf.group([v.assign_sub(1, { read_value: false })]);
      return { read, grp };
    });
    expect(read.op.control_inputs.map((o: tf.Operation) => o.type)).toEqual(["AssignAddVariableOp"]);
    expect(executeGraph([read], null)[0]!.numpy().item()).toBe(22);
    expect(v.numpy().item()).toBe(11);
    executeGraph([grp], null);
    expect(v.numpy().item()).toBe(10);
    expect(grp.type).toBe("NoOp");
  });

  it("to_dot and to_svg draw z = Ax + b and its gradient graph", async () => {
    const g = new tf.Graph();
    g.as_default(() => {
      const A = placeholder(tf.float32, [2, 2], "A");
      const x = placeholder(tf.float32, [2, 1], "x");
      const b = placeholder(tf.float32, [2, 1], "b");
      const z = tf.add(tf.matmul(A, x), b, "z");
      tf.gradients(tf.reduce_sum(z), [A, x, b]);
    });
    const dot = g.to_dot();
    expect(dot.startsWith('digraph "G" {')).toBe(true);
    expect(dot).toContain('"A" -> "MatMul" [label="(2, 2) float32"];');
    expect(dot).toContain('"MatMul" -> "z" [label="(2, 1) float32"];');
    expect(dot).toMatch(/"gradients\/MatMul_grad\/MatMul"/);
    const svg = await g.to_svg();
    expect(svg).toMatch(/^<\?xml|^<svg/);
    expect(svg).toContain("</svg>");
    expect(svg).toContain("gradients/MatMul_grad/MatMul");
  });
});

describe("variables in graphs (the tf.compat.v1 hook)", () => {
  it("a graph variable is uninitialised until its initializer runs", () => {
    const g = new tf.Graph();
    const { W, y } = g.as_default(() => {
      const W = new tf.Variable(tf.ones([2, 2]), { name: "W" });
      return { W, y: tf.reduce_sum(W) };
    });
    expect(W.name).toBe("W:0");
    expect(W.initializer!.type).toBe("AssignVariableOp");
    expect(W.initializer!.name).toBe("W/Assign");
    expect(g.get_operation_by_name("W").type).toBe("VarHandleOp");
    expect(g.get_collection("variables")).toEqual([W]);
    expect(g.get_collection("trainable_variables")).toEqual([W]);
    expect(String(W)).toBe("<tf.Variable 'W:0' shape=(2, 2) dtype=float32>");
    expect(() => executeGraph([y], null)).toThrow(tf.errors.FailedPreconditionError);
    expect(() => executeGraph([y], null)).toThrow(/uninitialized/);
    executeGraph([W.initializer!], null);
    expect(executeGraph([y], null)[0]!.numpy().item()).toBe(4);
    // a second variable with the same name is made unique
    const W2 = g.as_default(() => new tf.Variable(0, { name: "W" }));
    expect(W2.name).toBe("W_1:0");
  });

  it("reads see the current value at run time; assign in a graph returns the read after it", () => {
    const v = new tf.Variable(3.0, { name: "v" });
    const g = new tf.Graph();
    const { r, a } = g.as_default(() => ({ r: tf.multiply(v, 2), a: v.assign(tf.constant(5.0)) }));
    expect(executeGraph([r], null)[0]!.numpy().item()).toBe(6);
    expect(r.op.inputs[0].op.type).toBe("ReadVariableOp");
    expect(executeGraph([a], null)[0]!.numpy().item()).toBe(5);
    expect(executeGraph([r], null)[0]!.numpy().item()).toBe(10);
  });

  it("disabling eager execution builds the default graph (EXAMPLES section 5's first half)", () => {
    ctx.eager = false;
    try {
      const x = placeholder(tf.float32, [1, 1]);
      const m = tf.matmul(x, x);
      expect(String(m)).toMatch(/^Tensor\("MatMul(_\d+)?:0", shape=\(1, 1\), dtype=float32\)$/);
      expect(String(executeGraph([m], new Map([[x, [[2.0]]]]))[0]!.numpy())).toBe("[[4.]]");
    } finally {
      ctx.eager = true;
    }
  });
});

describe("tf.Variable", () => {
  it("prints like TF and has TF's properties", () => {
    const W = new tf.Variable(tf.constant([[1, 2], [3, 4]]), { name: "W" });
    expect(String(W)).toBe("<tf.Variable 'W:0' shape=(2, 2) dtype=float32, numpy=\narray([[1., 2.],\n       [3., 4.]], dtype=float32)>");
    expect(String(new tf.Variable(1))).toBe("<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>");
    expect(String(new tf.Variable([1, 2], { dtype: tf.int32, name: "n" }))).toBe("<tf.Variable 'n:0' shape=(2,) dtype=int32, numpy=array([1, 2], dtype=int32)>");
    expect(W.shape).toEqual([2, 2]);
    expect(W.dtype).toBe(tf.float32);
    expect(W.trainable).toBe(true);
    expect(new tf.Variable(1, false).trainable).toBe(false);
    expect(tf.name_scope("dense", () => new tf.Variable(0, { name: "kernel" })).name).toBe("dense/kernel:0");
  });

  it("assign, assign_add, assign_sub, read_value, value; reads taken before keep their values", () => {
    const v = new tf.Variable([1.0, 2.0]);
    const before = v.read_value();
    expect(v.assign([5, 6])).toBe(v);
    v.assign_add([1, 1]);
    v.assign_sub(tf.constant([0.5, 0.5]));
    expect(Array.from(v.numpy().data as ArrayLike<number>)).toEqual([5.5, 6.5]);
    expect(Array.from(before.dataSync() as ArrayLike<number>)).toEqual([1, 2]);
    expect(Array.from(v.value().dataSync() as ArrayLike<number>)).toEqual([5.5, 6.5]);
    expect((v as any).matmul !== undefined && String(tf.add(v, 1))).toBe("tf.Tensor([6.5 7.5], shape=(2,), dtype=float32)");
    expect(String((v as any).mul(2))).toBe("tf.Tensor([11. 13.], shape=(2,), dtype=float32)");
  });

  it("checks shapes and dtypes before changing anything", () => {
    const v = new tf.Variable([[1.0, 2.0]], { name: "W" });
    expect(() => v.assign([1, 2, 3])).toThrow(/Shape mismatch.*\(1, 2\).*\(3,\)/);
    expect(() => v.assign(tf.constant([[1, 2]], tf.int32))).toThrow(/cannot assign a int32 value to variable W of dtype float32/);
    expect(Array.from(v.numpy().data as ArrayLike<number>)).toEqual([1, 2]);
    const free = new tf.Variable([1.0], { shape: [null] });
    free.assign([1, 2, 3]);
    expect(free.numpy().shape).toEqual([3]);
    expect(() => new tf.Variable(1, { nmae: "x" } as never)).toThrow(/Did you mean 'name'/);
  });

  it("a variable's storage is its own tensor (watching it never watches the caller's tensor)", () => {
    const t = tf.constant([1.0, 2.0]);
    const v = new tf.Variable(t);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduce_sum(tf.multiply(v, t)));
    const [dv, dt] = tape.gradient(y, [v, t]);
    expect(Array.from(dv.dataSync() as ArrayLike<number>)).toEqual([1, 2]);
    expect(dt).toBeNull();
  });
});
