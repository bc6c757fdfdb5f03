# The seed project's neuralnetwork.py, reconstructed from its document (equations 8-11 and
# the example of section 2.1) for the speed baseline in bench/micropython/compare.mjs.
# As the document: no biases, sigmoid on every layer written with its derivative from the
# output, sigma'(x_sigma) = x_sigma (1 - x_sigma), per-sample updates W = W + gW (x lrate).
# Guesses: the names of the constructor's arguments, weights uniform in (-1, 1) from
# random(), and E_h = (E_o . W_ho^T) x sigma'(H) (the document writes W_ho, whose shape only
# fits transposed). The error of the input layer, which no weight uses, is not computed.
from math import exp

try:
    from random import random
except ImportError:
    from urandom import random

from matrix import Matrix


def sigmoid(x, derivative=False):
    if derivative:
        return x * (1 - x)
    return 1 / (1 + exp(-x))


def relu(x, derivative=False):
    if derivative:
        return 1 if x > 0 else 0
    return x if x > 0 else 0


class DFF:
    def __init__(self, layers, func=sigmoid):
        self.layers = layers
        self.func = func
        self.weights = [Matrix([[random() * 2 - 1 for _ in range(n)] for _ in range(m)])
                        for m, n in zip(layers[:-1], layers[1:])]

    def derivative(self, x):
        return self.func(x, True)

    def predict(self, a):
        for w in self.weights:
            a = a.dot(w).map(self.func)
        return a

    def train(self, a, s, lrate=1):
        # Forward: H = sigma(I . W_ih), O = sigma(H . W_ho)
        layers = [a]
        for w in self.weights:
            layers.append(layers[-1].dot(w).map(self.func))
        # Back: E_o = (S - O) x sigma'(O); gW = H^T . E; E_h = (E_o . W^T) x sigma'(H)
        o = layers.pop()
        e = (s - o) * o.map(self.derivative)
        gradients = []
        for i in range(len(self.weights) - 1, -1, -1):
            h = layers.pop()
            gradients.insert(0, h.transpose().dot(e))
            if i:
                e = e.dot(self.weights[i].transpose()) * h.map(self.derivative)
        # W = W + gW x lrate
        for i, g in enumerate(gradients):
            self.weights[i] = self.weights[i] + g * lrate
