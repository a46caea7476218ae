/** `tf.keras.optimizers` (and `.schedules`, and `.legacy` with the same classes). */
import * as opt from "./optimizer";
import * as schedulesMod from "./schedules";
export { Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Ftrl, get, serialize, deserialize } from "./optimizer";
export const schedules = schedulesMod;
/** `tf.keras.optimizers.legacy.*`: the same update rules (they match Keras's legacy optimizers). */
export const legacy = { Optimizer: opt.Optimizer, SGD: opt.SGD, Adam: opt.Adam, RMSprop: opt.RMSprop, Adagrad: opt.Adagrad, Adadelta: opt.Adadelta, Adamax: opt.Adamax, Nadam: opt.Nadam, Ftrl: opt.Ftrl };
export const experimental = { AdamW: opt.AdamW, SGD: opt.SGD, Adam: opt.Adam };
