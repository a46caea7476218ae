# One training step's forward+backward of a 784-512-10 MLP (batch 32) in PyTorch, float32.
# Prints one JSON line: {"bench":"mlp_step","impl":"torch","us":..., "threads":...}
# Run by bench/mlp_step.mjs with Debian's /usr/bin/python3 (python3-torch).
import json, sys, time
try:
    import torch
except Exception as e:  # noqa: BLE001
    print(json.dumps({"bench": "mlp_step", "impl": "torch", "skip": f"PyTorch not importable: {e}"}))
    sys.exit(0)

budget = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
g = torch.Generator().manual_seed(0)
x = torch.randn(32, 784, generator=g)
labels = torch.randint(0, 10, (32,), generator=g)
W1 = (torch.randn(784, 512, generator=g) * 0.05).requires_grad_()
b1 = torch.zeros(512, requires_grad=True)
W2 = (torch.randn(512, 10, generator=g) * 0.05).requires_grad_()
b2 = torch.zeros(10, requires_grad=True)
params = [W1, b1, W2, b2]

def step():
    h = torch.relu(x @ W1 + b1)
    logits = h @ W2 + b2
    loss = torch.nn.functional.cross_entropy(logits, labels)
    return torch.autograd.grad(loss, params)

for _ in range(20):
    step()
times = []
end = time.perf_counter() + budget
while time.perf_counter() < end or len(times) < 5:
    n = 10
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    times.append((time.perf_counter() - t0) / n * 1e6)
times.sort()
print(json.dumps({"bench": "mlp_step", "impl": "torch", "us": times[len(times) // 2], "threads": torch.get_num_threads(), "version": torch.__version__}))
