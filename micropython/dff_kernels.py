# dff_kernels.py: the inner loops of neuralnetwork.DFF, on flat float32 arrays.
#
# Every layer's weights are one array('f') in neuron order: w[j * n_in + i] connects input i
# to neuron j, so each neuron's sum walks its weights in a row. Sums run in the core's order
# (bias first, then inputs 0..n_in-1), the updates are the core's, so the numbers match
# microdff's C++ core to float32 rounding.
#
# Compiled to machine code with @micropython.native where the port has a native emitter
# (ESP32, RP2040, STM32, nRF, ...). Ports without one (the WebAssembly port, CPython) reject the
# decorator; neuralnetwork.py then runs this same file with the decorator lines removed.
# (@micropython.viper would not help: it speeds up integer and pointer code, while every value
# here is a float, which viper handles as an object just like native code does.)
from math import exp, log, sqrt

try:
    from math import tanh
except ImportError:  # ports built without MICROPY_PY_MATH_SPECIAL_FUNCTIONS

    def tanh(x):
        if x > 20.0:
            return 1.0
        if x < -20.0:
            return -1.0
        e = exp(2.0 * x)
        return (e - 1.0) / (e + 1.0)


# Activation codes: the model formats' numbers.
SIGMOID = 0
RELU = 1
LEAKY_RELU = 2
TANH = 3
LINEAR = 4
SOFTMAX = 5
MSE = 0
CROSS_ENTROPY = 1
_ONE_MINUS_1E7 = 0.9999998807907104  # the core's 1.0f - 1e-7f, the binary cross-entropy clamp


@micropython.native
def forward(x, n_in, w, b, n_out, y, act):
    # y = act(b + W . x) for one layer; b is None without biases.
    k = 0
    sig = act == 0
    for j in range(n_out):
        s = b[j] if b is not None else 0.0
        for i in range(n_in):
            s += x[i] * w[k + i]
        k += n_in
        if sig:
            # exp() raises on overflow; below -88 the core's float32 sigmoid is < 1e-38 anyway.
            y[j] = 1.0 / (1.0 + exp(-s)) if s > -88.0 else 0.0
        else:
            y[j] = s
    if not sig and act != 4:
        activate(y, n_out, act)


@micropython.native
def activate(y, n, act):
    # Applies a non-sigmoid activation to y[0..n-1] in place.
    if act == 1:
        for j in range(n):
            if not y[j] > 0.0:
                y[j] = 0.0
    elif act == 2:
        for j in range(n):
            v = y[j]
            if not v > 0.0:
                y[j] = 0.01 * v
    elif act == 3:
        for j in range(n):
            y[j] = tanh(y[j])
    elif act == 5:
        m = y[0]
        for j in range(1, n):
            if y[j] > m:
                m = y[j]
        total = 0.0
        for j in range(n):
            e = exp(y[j] - m)
            y[j] = e
            total += e
        inv = 1.0 / total
        for j in range(n):
            y[j] = y[j] * inv


@micropython.native
def derivative(y, d, n, act):
    # d[j] *= the activation's derivative, written from its output y[j].
    if act == 0 or act == 5:
        for j in range(n):
            v = y[j]
            d[j] = d[j] * (v * (1.0 - v))
    elif act == 1:
        for j in range(n):
            if not y[j] > 0.0:
                d[j] = 0.0
    elif act == 2:
        for j in range(n):
            if not y[j] > 0.0:
                d[j] = d[j] * 0.01
    elif act == 3:
        for j in range(n):
            v = y[j]
            d[j] = d[j] * (1.0 - v * v)


@micropython.native
def output_delta(y, t, n, act, loss, d):
    # d = dLoss/dz of the output layer; returns the sample's loss (MSE: 1/2 sum (y - t)^2).
    value = 0.0
    if loss == 1:
        for k in range(n):
            d[k] = y[k] - t[k]
        return cross_entropy(y, t, n, act)
    for k in range(n):
        g = y[k] - t[k]
        value += g * g
        d[k] = g
    if act == 5:
        dot = 0.0
        for k in range(n):
            dot += d[k] * y[k]
        for k in range(n):
            d[k] = y[k] * (d[k] - dot)
    elif act != 4:
        derivative(y, d, n, act)
    return 0.5 * value


def cross_entropy(y, t, n, act):
    # The core's cross-entropy: softmax -sum t log y; sigmoid binary per output (logs floored).
    value = 0.0
    if act == 5:
        for k in range(n):
            if t[k] != 0.0:
                value -= t[k] * log(y[k] if y[k] > 1e-12 else 1e-12)
        return value
    for k in range(n):
        p = y[k]
        p = 1e-12 if p < 1e-12 else (_ONE_MINUS_1E7 if p > _ONE_MINUS_1E7 else p)
        value -= t[k] * log(p) + (1.0 - t[k]) * log(1.0 - p)
    return value


def sample_loss(y, t, n, act, loss):
    # The loss of one output vector, without gradients.
    if loss == 1:
        return cross_entropy(y, t, n, act)
    value = 0.0
    for k in range(n):
        g = y[k] - t[k]
        value += g * g
    return 0.5 * value


@micropython.native
def back_sgd(x, n_in, w, b, n_out, d, prev, lr, keep):
    # prev = W^T . d (from the weights before the step; skipped when prev is None), then
    # w = w * keep + x * (-lr * d) and b -= lr * d. keep is 1 - lr * l2.
    k = 0
    if prev is not None:
        for i in range(n_in):
            prev[i] = 0.0
        for j in range(n_out):
            dj = d[j]
            step = -lr * dj
            for i in range(n_in):
                v = w[k + i]
                prev[i] += v * dj
                w[k + i] = v * keep + x[i] * step
            if b is not None:
                b[j] += step
            k += n_in
        return
    for j in range(n_out):
        step = -lr * d[j]
        for i in range(n_in):
            w[k + i] = w[k + i] * keep + x[i] * step
        if b is not None:
            b[j] += step
        k += n_in


@micropython.native
def backprop(w, n_in, n_out, d, prev):
    # prev = W^T . d: the delta of the layer below, from the weights before their update.
    for i in range(n_in):
        prev[i] = 0.0
    k = 0
    for j in range(n_out):
        dj = d[j]
        for i in range(n_in):
            prev[i] += w[k + i] * dj
        k += n_in


@micropython.native
def update_momentum(x, n_in, w, b, n_out, d, lr, l2, mu, vw, vb):
    # v = mu * v + g; p -= lr * v, with g = x * d + l2 * w for weights and d for biases.
    k = 0
    for j in range(n_out):
        dj = d[j]
        for i in range(n_in):
            p = w[k + i]
            v = mu * vw[k + i] + (x[i] * dj + l2 * p)
            vw[k + i] = v
            w[k + i] = p - lr * v
        if b is not None:
            v = mu * vb[j] + dj
            vb[j] = v
            b[j] -= lr * v
        k += n_in


@micropython.native
def update_adam(x, n_in, w, b, n_out, d, lr, l2, beta1, beta2, eps, c1, c2, mw, vw, mb, vb):
    # Adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr (m c1) / (sqrt(v c2) + eps),
    # c1 and c2 the bias corrections 1 / (1 - beta^step).
    k = 0
    keep1 = 1.0 - beta1
    keep2 = 1.0 - beta2
    for j in range(n_out):
        dj = d[j]
        for i in range(n_in):
            p = w[k + i]
            g = x[i] * dj + l2 * p
            m = beta1 * mw[k + i] + keep1 * g
            v = beta2 * vw[k + i] + keep2 * g * g
            mw[k + i] = m
            vw[k + i] = v
            w[k + i] = p - lr * (m * c1) / (sqrt(v * c2) + eps)
        if b is not None:
            m = beta1 * mb[j] + keep1 * dj
            v = beta2 * vb[j] + keep2 * dj * dj
            mb[j] = m
            vb[j] = v
            b[j] -= lr * (m * c1) / (sqrt(v * c2) + eps)
        k += n_in
