"""Independent NumPy reference of seed 004's denoising autoencoder, to check sparksweep's
model: autoencoder and to read the notebook's log (search-spaces/seeds/README.md):

    OMP_NUM_THREADS=1 python3 deploy/seed004_autoencoder_numpy.py ../shared/datasets/mnist [--fixed-noise] [--replace 0.6]

The network: seed 004's denoising autoencoder (784-128-96-128-784, ReLU, sigmoid,
binary cross-entropy mean over pixels, Adam 1e-3 with Keras' eps 1e-7, batch 64, Glorot-uniform, zero biases).
--replace: the fraction of pixels replaced by 0 or 1 (sparksweep's input_noise; the notebook's 1 - noise_level).
--fixed-noise: the notebook's protocol (one noisy copy of the training set for all epochs);
default: fresh noise per minibatch (sparksweep's). Prints per-epoch train loss and noisy/clean test BCE."""
import gzip, sys, time, argparse
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("data"); ap.add_argument("--epochs", type=int, default=20); ap.add_argument("--replace", type=float, default=0.6)
ap.add_argument("--fixed-noise", action="store_true"); ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()
np.seterr(over="ignore")  # exp(-z) of a very negative z: inf, the sigmoid 0, clipped in bce

def images(name):
    with gzip.open(f"{a.data}/{name}.gz") as f:
        b = f.read()
    return np.frombuffer(b, np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255

xtr, xte = images("train-images-idx3-ubyte"), images("t10k-images-idx3-ubyte")
rng = np.random.default_rng(a.seed)

def sp(x):  # the notebook's salt_and_pepper with noise_level = 1 - replace
    keep = rng.random(x.shape, dtype=np.float32) >= a.replace
    b = (rng.random(x.shape, dtype=np.float32) < 0.5).astype(np.float32)
    return np.where(keep, x, b).astype(np.float32)

sizes = [784, 128, 96, 128, 784]
W, B = [], []
for i, o in zip(sizes[:-1], sizes[1:]):
    lim = np.sqrt(6 / (i + o))
    W.append(rng.uniform(-lim, lim, (i, o)).astype(np.float32)); B.append(np.zeros(o, np.float32))
params = W + B
m = [np.zeros_like(p) for p in params]; v = [np.zeros_like(p) for p in params]
lr, b1, b2, eps, t = 1e-3, 0.9, 0.999, 1e-7, 0

def forward(x):
    hs = [x]
    for l in range(4):
        z = hs[-1] @ W[l] + B[l]
        hs.append(np.maximum(z, 0) if l < 3 else 1 / (1 + np.exp(-z)))
    return hs

def bce(p, y):
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())

xtr_noisy = sp(xtr) if a.fixed_noise else None
xte_noisy = sp(xte)
for epoch in range(1, a.epochs + 1):
    t0 = time.time(); order = rng.permutation(len(xtr)); total, steps = 0.0, 0
    for s in range(0, len(xtr), 64):
        idx = order[s:s + 64]; y = xtr[idx]
        x = xtr_noisy[idx] if a.fixed_noise else sp(y)
        hs = forward(x); p = hs[-1]
        total += bce(p, y); steps += 1
        d = (p - y) / (y.shape[0] * 784)  # dL/dz of the mean BCE through the sigmoid
        gW, gB = [None] * 4, [None] * 4
        for l in range(3, -1, -1):
            gW[l] = hs[l].T @ d; gB[l] = d.sum(0)
            if l > 0:
                d = (d @ W[l].T) * (hs[l] > 0)
        t += 1
        lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        for i, g in enumerate(gW + gB):
            m[i] = b1 * m[i] + (1 - b1) * g; v[i] = b2 * v[i] + (1 - b2) * g * g
            params[i] -= (lr_t * m[i] / (np.sqrt(v[i]) + eps)).astype(np.float32)
    noisy = bce(forward(xte_noisy)[-1], xte); clean = bce(forward(xte)[-1], xte)
    print(f"epoch {epoch}: train {total / steps:.4f}  test noisy {noisy:.4f}  clean {clean:.4f}  ({time.time() - t0:.1f} s)", flush=True)
