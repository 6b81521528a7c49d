#!/usr/bin/python3
"""PyTorch peer of the sparksweep networks that train through DL4J's fit rather than a seed's fast
step, for deploy/fit-benchmark.sh: seed 004's denoising autoencoder on MNIST IDX files, and a
regression MLP on a CSV table. One thread, CPU; prints one JSON line.

  torch_fit_nets.py autoencoder DATA_DIR [--hidden 128,96,128] [--replace 0.4] [--lr 0.001] [--batch 64]
  torch_fit_nets.py regression TABLE.csv --label NAME [--hidden 64,64] [--lr 0.001] [--batch 64]
                    [--test-fraction 0.2] [--validation-fraction 0.2]
  common: [--epochs 3] [--limit-train N] [--seed 0] [--threads 1]

As sparksweep builds them (NetworkFactory): Glorot-uniform weights, zero biases, ReLU hidden layers,
Adam (beta1 0.9, beta2 0.999, eps 1e-7 in Keras/DL4J's form: torch's eps rescaled each step).
- autoencoder: pixels / 255; each minibatch a fresh salt-and-pepper copy (--replace: the fraction of
  pixels set to 0 or 1 at random) goes in, the clean images are the target; sigmoid output, binary
  cross-entropy averaged over the pixels (Keras' binary_crossentropy). Metric: the clean test set's
  reconstruction loss (probabilities clipped at 1e-7).
- regression: numeric columns; the last test_fraction of a seeded shuffle is the test part, the
  validation part before it; features and the label standardized on the training part; identity
  output, mean squared error. Metric: test RMSE in the label's units.
- epoch_s times the training steps only (batch gather and noise included, shuffle and evaluation
  excluded), as sparksweep's epoch_seconds; each epoch a fresh shuffle, the last batch partial.
"""
import argparse, csv, gzip, json, math, os, struct, sys, time


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("model", choices=["autoencoder", "regression"])
    p.add_argument("data", help="autoencoder: folder with MNIST's IDX files; regression: a CSV file")
    p.add_argument("--label", help="regression: the label column")
    p.add_argument("--hidden", default=None, help="hidden widths, comma-separated")
    p.add_argument("--replace", type=float, default=0.4, help="autoencoder: salt-and-pepper fraction")
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--limit-train", type=int, default=0)
    p.add_argument("--test-fraction", type=float, default=0.2)
    p.add_argument("--validation-fraction", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    return p.parse_args()


args = parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(args.threads)
torch.set_num_interop_threads(1)
torch.manual_seed(args.seed)
rng = np.random.default_rng(args.seed)


def idx(folder, name):
    path = os.path.join(folder, name)
    with (gzip.open(path + ".gz", "rb") if os.path.exists(path + ".gz") else open(path, "rb")) as f:
        head = f.read(4)
        dims = struct.unpack(">" + "I" * head[3], f.read(4 * head[3]))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def mnist(folder):
    train = idx(folder, "train-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255
    test = idx(folder, "t10k-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255
    return train, test


def table(path, label):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], np.array(rows[1:], dtype=np.float64)
    if label not in head:
        sys.exit(f"error: no column {label!r} in {path}")
    j = head.index(label)
    order = rng.permutation(len(body))
    body = body[order]
    n_test = int(round(len(body) * args.test_fraction))
    n_val = int(round(len(body) * args.validation_fraction))
    train = body[: len(body) - n_test - n_val]
    test = body[len(body) - n_test:]
    x_cols = [c for c in range(body.shape[1]) if c != j]
    mean, std = train.mean(axis=0), train.std(axis=0)
    std[std == 0] = 1
    scale = lambda part: ((part - mean) / std).astype(np.float32)
    return (scale(train)[:, x_cols], scale(train)[:, [j]], scale(test)[:, x_cols], test[:, [j]],
            mean[j], std[j])


def dense(sizes, out_activation):
    layers = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        lin = torch.nn.Linear(a, b)
        torch.nn.init.xavier_uniform_(lin.weight)
        torch.nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    if out_activation:
        layers.append(out_activation)
    return torch.nn.Sequential(*layers)


class KerasAdam(torch.optim.Adam):
    """Adam with eps added to sqrt(v_hat * (1 - b2^t)), as Keras and DL4J do."""

    def __init__(self, params, lr):
        super().__init__(params, lr=lr, betas=(0.9, 0.999), eps=1e-7)
        self.t = 0

    def step(self, closure=None):
        self.t += 1
        for g in self.param_groups:
            g["eps"] = 1e-7 / math.sqrt(1 - 0.999 ** self.t)
        return super().step(closure)


def train(net, x, y, loss_fn, noisy=None):
    opt = KerasAdam(net.parameters(), args.lr)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    epochs = []
    for _ in range(args.epochs):
        order = torch.from_numpy(rng.permutation(len(x)))
        t0 = time.perf_counter()
        for s in range(0, len(x), args.batch):
            batch = order[s: s + args.batch]
            xb, yb = xt[batch], yt[batch]
            if noisy:
                xb = noisy(xb)
            opt.zero_grad()
            loss = loss_fn(net(xb), yb)
            loss.backward()
            opt.step()
        epochs.append(time.perf_counter() - t0)
        yield epochs


def salt_and_pepper(xb):
    hit = torch.rand_like(xb) < args.replace
    return torch.where(hit, (torch.rand_like(xb) < 0.5).float(), xb)


if args.model == "autoencoder":
    x, test = mnist(args.data)
    if args.limit_train:
        x = x[: args.limit_train]
    hidden = [int(h) for h in (args.hidden or "128,96,128").split(",")]
    net = dense([784] + hidden + [784], torch.nn.Sigmoid())
    for epochs in train(net, x, x, torch.nn.functional.binary_cross_entropy, salt_and_pepper):
        pass
    with torch.no_grad():
        p = net(torch.from_numpy(test)).clamp(1e-7, 1 - 1e-7)
        t = torch.from_numpy(test)
        metric = float(-(t * p.log() + (1 - t) * (1 - p).log()).mean())
    print(json.dumps({"model": "autoencoder", "epoch_s": epochs, "reconstruction_loss": metric}))
else:
    if not args.label:
        sys.exit("error: regression needs --label COLUMN")
    x, y, test_x, test_y, y_mean, y_std = table(args.data, args.label)
    if args.limit_train:
        x, y = x[: args.limit_train], y[: args.limit_train]
    hidden = [int(h) for h in (args.hidden or "64,64").split(",")]
    net = dense([x.shape[1]] + hidden + [1], None)
    for epochs in train(net, x, y, torch.nn.functional.mse_loss):
        pass
    with torch.no_grad():
        pred = net(torch.from_numpy(test_x)).numpy() * y_std + y_mean
    rmse = float(np.sqrt(np.mean((pred - test_y) ** 2)))
    print(json.dumps({"model": "regression", "epoch_s": epochs, "test_rmse": rmse}))
