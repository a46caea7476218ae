/** Reading and writing TensorFlow.js Layers artifacts on disk with @tensorflow/tfjs-layers (no tfjs-node). */
import * as fs from "fs";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const tfc = require("@tensorflow/tfjs-core") as typeof import("@tensorflow/tfjs-core");
require("@tensorflow/tfjs-backend-cpu");
// eslint-disable-next-line @typescript-eslint/no-var-requires
export const tfl = require("@tensorflow/tfjs-layers") as typeof import("@tensorflow/tfjs-layers");

let ready: Promise<boolean> | null = null;
export function tfjsReady(): Promise<boolean> {
  ready ??= tfc.setBackend("cpu");
  return ready;
}

/** An IOHandler that loads model.json and its shards from a folder. */
export function diskLoader(dir: string) {
  return {
    load: async () => {
      const j = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
      const specs: unknown[] = [];
      const bufs: Buffer[] = [];
      for (const g of j.weightsManifest) {
        specs.push(...g.weights);
        for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, p)));
      }
      const data = Buffer.concat(bufs);
      return {
        modelTopology: j.modelTopology, format: j.format, generatedBy: j.generatedBy, convertedBy: j.convertedBy,
        trainingConfig: j.trainingConfig, weightSpecs: specs, weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      };
    },
  };
}

/** An IOHandler that saves model.json + one shard, the way tfjs-node's file:// handler lays them out. */
export function diskSaver(dir: string) {
  return {
    save: async (a: { modelTopology: unknown; weightSpecs: unknown[]; weightData: ArrayBuffer; format?: string; generatedBy?: string; convertedBy?: string | null; trainingConfig?: unknown }) => {
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "weights.bin"), Buffer.from(a.weightData));
      const j: Record<string, unknown> = {
        modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy,
        weightsManifest: [{ paths: ["./weights.bin"], weights: a.weightSpecs }],
      };
      if (a.trainingConfig) j.trainingConfig = a.trainingConfig;
      fs.writeFileSync(path.join(dir, "model.json"), JSON.stringify(j));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" as const } };
    },
  };
}
