/** Side-effect module: makes the cuda backend look for a driver that does not exist (imported first). */
process.env.TF_CUDA_LIBRARY = "/nonexistent/libcuda.so.1";
export {};
