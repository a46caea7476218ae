/** Registers every cuda kernel family (ops without one run cpu's kernel on host copies: backend.ts). */
import "./math";
import "./array";
import "./reduce";
import "./nn";
import "./matmul";
import "./conv";
import "./training";
import "./random";
