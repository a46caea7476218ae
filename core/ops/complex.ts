/**
 * Complex numbers: tf.complex, tf.math.real / imag / abs (ComplexAbs) / conj / angle.
 * complex64 stores interleaved (re, im) float32 pairs; complex128 float64 pairs. Enough to build,
 * take apart and inspect the complex results of tf.linalg.eig.
 */
import { Tensor } from "../tensor/tensor";
import { DType, float32, float64, complex64, complex128 } from "../tensor/dtypes";
import { broadcastShapes, formatShape } from "../tensor/shape";
import { defineOp, runOp } from "../engine/engine";
import { TensorLike, toTensor } from "./convert";
import { InvalidArgumentError, msg } from "../errors";
import { multiply, divide, negative, square, add, where, greater, zerosLike, onesLike, atan2 } from "./math";
import { unbroadcast } from "./grad_util";

type Named = string | { name?: string } | undefined;
function nm(n: Named): string | undefined { return typeof n === "string" ? n : n?.name; }

function complexFor(d: DType): DType { return d === float64 ? complex128 : complex64; }

function requireComplex(op: string, x: Tensor): void {
  if (x.dtype.kind !== "c") {
    throw new InvalidArgumentError(msg(
      `${op}: expected a complex64 or complex128 tensor, got ${x.dtype.name} (shape ${formatShape(x.shape)}).`,
      `${op}: complex64 또는 complex128 텐서가 필요한데 ${x.dtype.name}입니다 (형태 ${formatShape(x.shape)}).`,
    ));
  }
}

/** |x| with a zero guard: safe to divide by. */
function safeAbs(a: Tensor): Tensor {
  return where(greater(a, zerosLike(a)), a, onesLike(a));
}

defineOp({
  name: "Complex",
  infer([re, im], { Tout }) {
    if (re.dtype !== im.dtype || (re.dtype !== float32 && re.dtype !== float64)) {
      throw new InvalidArgumentError(msg(
        `Complex: real and imag must both be float32 (-> complex64) or both float64 (-> complex128), got ${re.dtype.name} and ${im.dtype.name}. Cast with tf.cast.`,
        `Complex: real과 imag는 둘 다 float32(-> complex64)이거나 둘 다 float64(-> complex128)여야 하는데 ${re.dtype.name}, ${im.dtype.name}입니다. tf.cast로 맞추세요.`,
      ));
    }
    return [{ shape: broadcastShapes("Complex", re.shape, im.shape) as number[], dtype: Tout ?? complexFor(re.dtype) }];
  },
  grad: (dys, [re, im]) => [unbroadcast(real(dys[0]!), re), unbroadcast(imag(dys[0]!), im)],
});

defineOp({
  name: "Real",
  infer([x]) { requireComplex("Real", x); return [{ shape: x.shape, dtype: x.dtype.real_dtype }]; },
  grad: (dys) => [complex(dys[0]!, zerosLike(dys[0]!))],
});
defineOp({
  name: "Imag",
  infer([x]) { requireComplex("Imag", x); return [{ shape: x.shape, dtype: x.dtype.real_dtype }]; },
  grad: (dys) => [complex(zerosLike(dys[0]!), dys[0]!)],
});
defineOp({
  name: "Conj",
  infer([x]) { return [{ shape: x.shape, dtype: x.dtype }]; },
  grad: (dys) => [conj(dys[0]!)],
});
defineOp({
  name: "ComplexAbs",
  infer([x]) { requireComplex("ComplexAbs", x); return [{ shape: x.shape, dtype: x.dtype.real_dtype }]; },
  // d|z| pulls back to g·z/|z| (0 at z = 0).
  grad(dys, [x], [a]) {
    const s = divide(dys[0]!, safeAbs(a));
    return [complex(multiply(s, real(x)), multiply(s, imag(x)))];
  },
});
defineOp({
  name: "Angle",
  infer([x]) { requireComplex("Angle", x); return [{ shape: x.shape, dtype: x.dtype.real_dtype }]; },
  // angle = atan2(im, re): pulls back to g·(-im + i·re)/|z|² (TF's convention for complex inputs).
  grad(dys, [x]) {
    const re = real(x), im = imag(x);
    const r2 = add(square(re), square(im));
    const s = divide(dys[0]!, where(greater(r2, zerosLike(r2)), r2, onesLike(r2)));
    return [complex(negative(multiply(s, im)), multiply(s, re))];
  },
});

/** `tf.complex(real, imag, name=None)`: float32 pairs -> complex64, float64 -> complex128. */
export function complex(realPart: TensorLike, imagPart: TensorLike, name?: Named): Tensor {
  const re = realPart instanceof Tensor ? realPart : null, im = imagPart instanceof Tensor ? imagPart : null;
  const r = re ?? toTensor(realPart, "complex", im?.dtype);
  const i = im ?? toTensor(imagPart, "complex", r.dtype);
  return runOp("Complex", [r, i], { Tout: complexFor(r.dtype) }, nm(name))[0];
}
/** `tf.math.real(input, name=None)`: real part (a real input is returned unchanged). */
export function real(input: TensorLike, name?: Named): Tensor {
  const x = toTensor(input, "real");
  if (x.dtype.kind !== "c") return x;
  return runOp("Real", [x], { Tout: x.dtype.real_dtype }, nm(name))[0];
}
/** `tf.math.imag(input, name=None)`: imaginary part (zeros for a real input). */
export function imag(input: TensorLike, name?: Named): Tensor {
  const x = toTensor(input, "imag");
  if (x.dtype.kind !== "c") return zerosLike(x);
  return runOp("Imag", [x], { Tout: x.dtype.real_dtype }, nm(name))[0];
}
/** `tf.math.conj(x, name=None)`: complex conjugate (a real input is returned unchanged). */
export function conj(x: TensorLike, name?: Named): Tensor {
  const t = toTensor(x, "conj");
  if (t.dtype.kind !== "c") return t;
  return runOp("Conj", [t], {}, nm(name))[0];
}
/** `tf.math.angle(input, name=None)`: the argument atan2(imag, real); for real inputs 0 or π. */
export function angle(input: TensorLike, name?: Named): Tensor {
  const x = toTensor(input, "angle");
  if (x.dtype.kind !== "c") return atan2(zerosLike(x), x, name);
  return runOp("Angle", [x], { Tout: x.dtype.real_dtype }, nm(name))[0];
}
