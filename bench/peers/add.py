"""Peer eager dispatch: 100k adds of two float32 [4] arrays, µs per op (median of 5 rounds).

    /usr/bin/python3 bench/peers/add.py numpy|torch [--n=100000]
"""
import json
import sys
import time


def main():
    args = sys.argv[1:]
    impl = next((a for a in args if not a.startswith("--")), "numpy")
    n = int(next((a[4:] for a in args if a.startswith("--n=")), 100000))
    try:
        import numpy as np
        if impl == "torch":
            import torch
            a, b = torch.tensor([1, 2, 3, 4], dtype=torch.float32), torch.tensor([5, 6, 7, 8], dtype=torch.float32)
            add = torch.add
        else:
            a, b = np.array([1, 2, 3, 4], np.float32), np.array([5, 6, 7, 8], np.float32)
            add = np.add
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"bench": "add", "impl": impl, "skip": f"{type(e).__name__}: {e}"}))
        return
    for _ in range(20000):
        add(a, b)
    rounds = []
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(n):
            add(a, b)
        rounds.append((time.perf_counter() - t) / n * 1e6)
    rounds.sort()
    print(json.dumps({"bench": "add", "impl": impl, "us": rounds[2], "n": n}))


main()
