# The training loop that bench/micropython/compare.mjs times: the seed document's loop,
# `for a, s in training_set: ann.train(a, s, lrate=1)`, on DFF(layers) with 8 rows of
# Matrix([[...]]) pairs. It runs unchanged against the seed's own code and against microdff's
# library (whichever matrix.py and neuralnetwork.py are on sys.path).
from matrix import Matrix
import neuralnetwork as nn

SEED_TABLE = [
    ([0, 0, 0], [1, 0]), ([0, 0, 1], [0, 1]), ([0, 1, 1], [0, 1]), ([0, 1, 0], [1, 0]),
    ([1, 1, 0], [0, 1]), ([1, 1, 1], [1, 0]), ([1, 0, 1], [0, 1]), ([1, 0, 0], [1, 0]),
]


def table(layers):
    # The seed's table for (3, 4, 2); otherwise 8 rows of inputs in [0, 1) and one-hot targets.
    if tuple(layers) == (3, 4, 2):
        return SEED_TABLE
    n_in, n_out = layers[0], layers[-1]
    return [([((r * 7 + c * 3) % 10) / 10 for c in range(n_in)], [1 if k == r % n_out else 0 for k in range(n_out)])
            for r in range(8)]


def setup(layers):
    global ann, training_set
    ann = nn.DFF(tuple(layers))
    training_set = [[Matrix([a]), Matrix([s])] for a, s in table(layers)]


def run(epochs):
    for i in range(epochs):
        for a, s in training_set:
            ann.train(a, s, lrate=1)
    return epochs * len(training_set)
