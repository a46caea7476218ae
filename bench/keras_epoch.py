# PyTorch twin of bench/keras_epoch.mjs: the section 7 model on Fashion-MNIST (Debian's IDX files),
# batch 32, Adam (Keras's epsilon 1e-7), shuffled, dropout 0.2. Prints one JSON line.
import gzip, json, resource, sys, time
import numpy as np
try:
    import torch
except Exception as e:  # noqa: BLE001
    print(json.dumps({"bench": "keras_epoch", "impl": "torch", "skip": f"PyTorch not importable: {e}"}))
    sys.exit(0)

D = "/usr/share/datasets/fashion-mnist"
def idx(name):
    with gzip.open(f"{D}/{name}.gz", "rb") as f:
        b = f.read()
    nd = b[3]
    shape = [int.from_bytes(b[4 + 4 * i: 8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * nd).reshape(shape)

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
torch.manual_seed(0)
xtr = torch.tensor(idx("train-images-idx3-ubyte").reshape(-1, 784), dtype=torch.float32) / 255.0
ytr = torch.tensor(idx("train-labels-idx1-ubyte"), dtype=torch.int64)
xte = torch.tensor(idx("t10k-images-idx3-ubyte").reshape(-1, 784), dtype=torch.float32) / 255.0
yte = torch.tensor(idx("t10k-labels-idx1-ubyte"), dtype=torch.int64)
model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(512, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
lossf = torch.nn.CrossEntropyLoss()
n = xtr.shape[0]
c0 = time.process_time(); t0 = time.perf_counter()
for _ in range(epochs):
    model.train()
    perm = torch.randperm(n)
    total = 0.0
    for i in range(0, n, 32):
        idxs = perm[i:i + 32]
        opt.zero_grad()
        loss = lossf(model(xtr[idxs]), ytr[idxs])
        loss.backward()
        opt.step()
        total += loss.item() * len(idxs)
seconds = time.perf_counter() - t0
cpu = time.process_time() - c0
model.eval()
with torch.no_grad():
    acc = (model(xte).argmax(1) == yte).float().mean().item()
print(json.dumps({
    "bench": "keras_epoch", "impl": f"torch {torch.__version__} ({torch.get_num_threads()} thr)", "epochs": epochs,
    "seconds_per_epoch": seconds / epochs, "ms_per_step": seconds * 1000 / (epochs * 1875), "train_loss": total / n, "test_acc": acc,
    "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "cpu_per_wall": cpu / seconds,
}))
