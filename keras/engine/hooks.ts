/**
 * Late-bound modules that would otherwise form import cycles (models <-> saving): the saving
 * modules register themselves here when loaded (keras/index loads them).
 */
import type * as Topology from "../saving/topology";
import type * as Save from "../saving/save";

export const hooks: { topology?: typeof Topology; save?: typeof Save } = {};

export function topologyModule(): typeof Topology {
  if (!hooks.topology) throw new Error("tf.keras saving/topology module is not loaded (import the package root or keras/index).");
  return hooks.topology;
}
export function saveModule(): typeof Save {
  if (!hooks.save) throw new Error("tf.keras saving module is not loaded (import the package root or keras/index).");
  return hooks.save;
}
