"""The first N training images (and the whole test set) of an MNIST-format folder as gzipped IDX files,
for the benchmark scripts (seed-benchmark.sh, fit-benchmark.sh) to give both sides the same subset.

    python3 deploy/lib/mnist_subset.py SRC_DIR DST_DIR N
"""
import gzip, os, shutil, struct, sys

src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dst)


def opened(name):
    path = os.path.join(src, name)
    return gzip.open(path + '.gz', 'rb') if os.path.exists(path + '.gz') else open(path, 'rb')


for name in ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte'):
    with opened(name) as f:
        head = f.read(4)
        dims = struct.unpack('>' + 'I' * head[3], f.read(4 * head[3]))
        per = 1
        for d in dims[1:]:
            per *= d
        with gzip.open(os.path.join(dst, name + '.gz'), 'wb') as g:
            g.write(head + struct.pack('>I', min(n, dims[0])) + b''.join(struct.pack('>I', d) for d in dims[1:]))
            g.write(f.read(min(n, dims[0]) * per))
for name in ('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'):
    with opened(name) as f, gzip.open(os.path.join(dst, name + '.gz'), 'wb') as g:
        shutil.copyfileobj(f, g)
