/** `tf.keras.datasets` */
export { mnist, fashion_mnist } from "./mnist";
