/** Registers every cpu kernel family. */
import "./math";
import "./reduce";
import "./array";
import "./matmul";
import "./nn";
import "./creation";
import "./random";
import "./linalg";
import "./complex";
import "./conv";
import "./training";
