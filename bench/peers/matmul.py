"""Peer matmul GFLOPS (float32, N x N), numpy or torch, one JSON object per line.

    /usr/bin/python3 bench/peers/matmul.py numpy|torch [N ...] [--budget=SECONDS]

Same method as bench/matmul.mjs: warm-up, then the median of timed trials (each >= 10 ms of
repeated calls) for about `budget` seconds per size. Threads are the library defaults (OpenBLAS: one per core).
"""
import json
import sys
import time


def main():
    args = sys.argv[1:]
    impl = next((a for a in args if not a.startswith("--") and not a.isdigit()), "numpy")
    sizes = [int(a) for a in args if a.isdigit()] or [128, 512, 1024, 2048]
    budget = float(next((a[9:] for a in args if a.startswith("--budget=")), 1.5))
    try:
        import numpy as np
        if impl == "torch":
            import torch
            info = f"torch {torch.__version__}, {torch.get_num_threads()} torch thread(s), BLAS threads: library default"
        else:
            info = f"numpy {np.__version__}, BLAS threads: library default"
    except Exception as e:  # noqa: BLE001 - report any import failure as a skip
        print(json.dumps({"bench": "matmul", "impl": impl, "skip": f"{type(e).__name__}: {e}"}))
        return
    print(json.dumps({"bench": "matmul", "impl": impl, "info": info}))
    rng = np.random.default_rng(0)
    for n in sizes:
        a = (rng.random((n, n), dtype=np.float32) - 0.5)
        b = (rng.random((n, n), dtype=np.float32) - 0.5)
        if impl == "torch":
            a, b = torch.from_numpy(a), torch.from_numpy(b)
            run = lambda: torch.matmul(a, b)  # noqa: E731
        else:
            run = lambda: a @ b  # noqa: E731
        run()
        t1 = time.perf_counter()
        run()
        reps = max(1, -(-0.01 // max(time.perf_counter() - t1, 1e-7)))
        reps = int(reps)
        warm_end = time.perf_counter() + min(0.2, budget / 5)
        while reps > 1 and time.perf_counter() < warm_end:
            run()
        times = []
        t0 = time.perf_counter()
        while (time.perf_counter() - t0 < budget and len(times) < 200) or (len(times) < 3 and time.perf_counter() - t0 < budget * 4):
            t = time.perf_counter()
            for _ in range(reps):
                run()
            times.append((time.perf_counter() - t) / reps)
        times.sort()
        s = times[len(times) // 2] if len(times) % 2 else (times[len(times) // 2 - 1] + times[len(times) // 2]) / 2
        print(json.dumps({"bench": "matmul", "impl": impl, "N": n, "gflops": 2 * n ** 3 / s / 1e9, "ms": s * 1e3, "trials": len(times)}))


main()
