/** Layer classes by Keras class name (for configs and load_model), and lenient config reading. */
import type { Layer } from "../engine/base_layer";

const registry: Record<string, new (...a: any[]) => Layer> = Object.create(null);
export function registerLayers(classes: Record<string, unknown>): void {
  for (const [name, cls] of Object.entries(classes)) {
    if (typeof cls === "function" && (cls as { className?: string }).className) registry[(cls as unknown as { className: string }).className] = cls as new (...a: any[]) => Layer;
    else if (typeof cls === "function") registry[name] = cls as new (...a: any[]) => Layer;
  }
}
export function layerClasses(): Record<string, new (...a: any[]) => Layer> { return registry; }

let lenient = 0;
/** While loading a saved model, unknown config keys (written by other Keras versions) are dropped. */
export function setLenientConfig<T>(fn: () => T): T {
  lenient++;
  try { return fn(); } finally { lenient--; }
}
export function isLenientConfig(): boolean { return lenient > 0; }
