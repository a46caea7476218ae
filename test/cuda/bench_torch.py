# PyTorch CUDA side of test/cuda/bench.ts, same work, same GPU (run by test/cuda/run.sh):
#   matmul float32 n x n (TF32 off: plain FP32, as cuBLAS SGEMM in tensorflow-ts), n = 1024, 4096;
#   one epoch of the lecture's MLP (784-512 relu, dropout 0.2, 10; Adam lr 1e-3, eps 1e-7; batch 32,
#   shuffled) on Fashion-MNIST's 60,000 training images, and test accuracy.
# Prints one JSON line per result. Argument: the folder with the four Fashion-MNIST *-ubyte.gz files.
import gzip, json, os, sys, time
import numpy as np
import torch

def out(**o):
    print(json.dumps(o), flush=True)

dev = torch.device("cuda")
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
out(bench="device", impl="torch", name=torch.cuda.get_device_name(0), torch=torch.__version__, cuda=torch.version.cuda)

for n in (1024, 4096):
    a = torch.rand(n, n, device=dev); b = torch.rand(n, n, device=dev)
    for _ in range(3): a @ b
    torch.cuda.synchronize()
    reps = 20 if n >= 4096 else 200
    t0 = time.perf_counter()
    for _ in range(reps): a @ b
    torch.cuda.synchronize()
    s = (time.perf_counter() - t0) / reps
    out(bench="matmul", impl="torch cuda", n=n, ms=round(s * 1000, 3), gflops=round(2 * n ** 3 / s / 1e9, 1))

def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)

d = sys.argv[1] if len(sys.argv) > 1 else ""
files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]
if not d or not all(os.path.exists(os.path.join(d, f)) for f in files):
    out(bench="mlp_epoch", impl="torch cuda", skip=f"Fashion-MNIST *-ubyte.gz not found in '{d}'")
    sys.exit(0)
xtr, ytr, xte, yte = (idx(os.path.join(d, f)) for f in files)
xtr = torch.tensor(xtr, dtype=torch.float32, device=dev).reshape(-1, 784) / 255.0
xte = torch.tensor(xte, dtype=torch.float32, device=dev).reshape(-1, 784) / 255.0
ytr = torch.tensor(ytr, dtype=torch.long, device=dev); yte = torch.tensor(yte, dtype=torch.long, device=dev)
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Linear(512, 10)).to(dev)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
lossf = torch.nn.CrossEntropyLoss()
torch.cuda.synchronize()
t0 = time.perf_counter()
perm = torch.randperm(xtr.shape[0], device=dev)
total, count = 0.0, 0
for i in range(0, xtr.shape[0], 32):
    ix = perm[i:i + 32]
    opt.zero_grad(set_to_none=True)
    loss = lossf(model(xtr[ix]), ytr[ix])
    loss.backward()
    opt.step()
    total += loss.detach() * ix.shape[0]; count += ix.shape[0]
mean_loss = (total / count).item()
torch.cuda.synchronize()
s = time.perf_counter() - t0
model.eval()
with torch.no_grad():
    acc = (model(xte).argmax(1) == yte).float().mean().item()
out(bench="mlp_epoch", impl="torch cuda", images=int(xtr.shape[0]), s=round(s, 2), loss=round(mean_loss, 4), test_accuracy=round(acc, 4))
