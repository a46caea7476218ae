/** Registers every webgpu kernel family. */
import "./elementwise";
import "./array";
import "./reduce";
import "./nn";
import "./matmul";
import "./misc";
import "./conv";
import "./training";
import "./random";
