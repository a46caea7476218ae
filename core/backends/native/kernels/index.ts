/** Registers every native kernel family (the rest come from cpu, on the same storage). */
import "./matmul";
import "./conv";
