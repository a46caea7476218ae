/**
 * Python objects with `__call__` (layers, models, losses, metrics, initializers, regularizers)
 * are callable in JS too: a base constructor returns a function whose prototype is the class's,
 * so `new Dense(10)(x)` and `loss_fn(y_true, y_pred)` work as in Python, and `instanceof`, methods
 * and subclassing behave normally.
 *
 * Rule for the classes using this: the base class must not use field initialisers (they would
 * land on the discarded `this`); it declares fields and assigns them in the constructor on the
 * returned object. Subclass fields are fine.
 */
export function makeCallable<T extends object>(proto: object): T {
  const f = ((...args: unknown[]) => (f as unknown as { __call__: (...a: unknown[]) => unknown }).__call__(...args)) as unknown as Record<string, unknown>;
  delete f.name;
  delete f.length;
  Object.setPrototypeOf(f, proto);
  return f as unknown as T;
}

/** Keras's registered class name of an object (a static `className` wins over the JS name). */
export function classNameOf(obj: object): string {
  const ctor = (obj as { constructor: { className?: string; name: string } }).constructor;
  return Object.prototype.hasOwnProperty.call(ctor, "className") && ctor.className ? ctor.className : ctor.name;
}
