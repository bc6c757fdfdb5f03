# neuralnetwork.py: microdff's deep feed-forward network for MicroPython, with the seed
# project's API ("MicroPython - Neural Network"):
#
#     from matrix import Matrix
#     import neuralnetwork as nn
#     ann = nn.DFF((3, 4, 2))                                  # sigmoid layers, biases on
#     ann.train(Matrix([[0, 0, 1]]), Matrix([[0, 1]]), lrate=1)  # one SGD step per row
#     ann.predict(Matrix([[0, 0, 1]])).map(round)               # -> Matrix([[0, 1]])
#     ann.weights                                              # [W_ih, W_ho] as Matrix
#
# Plain lists work too (predict([0, 0, 1]) -> [o1, o2]). nn.load() reads microdff models
# (JSON or binary blob, as `dff` writes them, or an exported module), ann.save() writes them
# (temp file + rename). Same numbers as the C++ core: same initial weights for the same seed,
# same updates (per-sample SGD, momentum, Adam; MSE or cross-entropy).
# Needs matrix.py and the dff_*.py files beside it; no numpy or ulab.
import sys
from array import array
from math import exp, log, sqrt
from struct import unpack

import dff_codegen as _codegen
import dff_formats as _formats
from matrix import Matrix

try:
    import os
except ImportError:
    import uos as os

_MICROPYTHON = sys.implementation.name == 'micropython'  # CPython has no native emitter to ask for

DEFAULT_SEED = 20210214  # the core's kDefaultSeed (the seed document's date)
# Networks with up to this many parameters get straight-line code for their shape
# (dff_codegen.py: several times faster; about 90 characters of source per parameter to
# compile). Larger ones, or 0 here, use the loops of dff_kernels.py.
UNROLL_LIMIT = 512


_native = _MICROPYTHON  # False once the port has rejected @micropython.native


def _exec(text, name, names):
    # Runs module text in a fresh namespace, as native code where the port compiles
    # @micropython.native and as bytecode where it rejects it (WebAssembly port, CPython).
    # Returns (namespace, True if compiled as native code).
    global _native
    if _native:
        ns = dict(names)
        ns['__name__'] = name
        try:
            exec(text, ns)
            return ns, '@micropython.native' in text
        except (SyntaxError, NameError):
            _native = False
    ns = dict(names)
    ns['__name__'] = name
    exec('\n'.join('' if line.strip() == '@micropython.native' else line for line in text.split('\n')), ns)
    return ns, False


def _kernels():
    try:
        import dff_kernels

        return dff_kernels, 'native'
    except (SyntaxError, NameError):
        pass
    for folder in sys.path:
        try:
            with open((folder + '/' if folder else '') + 'dff_kernels.py') as f:
                text = f.read()
        except OSError:
            continue
        ns, _ = _exec(text, 'dff_kernels', {})

        class Kernels:
            pass

        k = Kernels()
        for key in ns:
            setattr(k, key, ns[key])
        return k, 'bytecode'
    raise ImportError('neuralnetwork: dff_kernels.py not found on sys.path')


_k, KERNELS = _kernels()  # KERNELS: 'native' or 'bytecode', how dff_kernels.py runs here
tanh = _k.tanh  # math.tanh, or a stand-in on ports without it


def sigmoid(x):
    """The logistic function, the default activation (pass nn.sigmoid or 'sigmoid')."""
    return 1.0 / (1.0 + exp(-x)) if x > -88.0 else 0.0


def relu(x):
    """Rectified linear unit (pass nn.relu or 'relu')."""
    return x if x > 0.0 else 0.0


def _activation_name(a):
    if a is sigmoid:
        return 'sigmoid'
    if a is relu:
        return 'relu'
    if a not in _formats.ACTIVATIONS:
        raise ValueError('DFF: unknown activation {!r} (expected {})'.format(a, ', '.join(_formats.ACTIVATIONS)))
    return a


_F32 = array('f', [0.0])
_PENDING = object()  # DFF._fast_step before the settings' step is picked


def _f32(x):
    # x rounded to float32, as the core stores it.
    _F32[0] = x
    return _F32[0]


def _pcg32_uniform(seed, limits, counts):
    # The core's Pcg32 (PCG-XSH-RR) and Network::initialize(): for each layer, counts[l] values
    # uniform in [-limits[l], limits[l]), in the core's order and float32 rounding.
    mask = 0xFFFFFFFFFFFFFFFF
    mult = 6364136223846793005
    inc = ((0xDA3E39CB94B95BDB << 1) | 1) & mask
    state = ((inc + seed) * mult + inc) & mask
    out = []
    for limit, count in zip(limits, counts):
        values = array('f', bytes(4 * count))
        for n in range(count):
            old = state
            state = (old * mult + inc) & mask
            xs = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
            rot = old >> 59
            bits = ((xs >> rot) | (xs << ((32 - rot) & 31))) & 0xFFFFFFFF
            values[n] = _f32(-limit + _f32(2.0 * limit * ((bits >> 8) / 16777216.0)))
        out.append(values)
    return out


def _check_rate(value, who):
    if not (value > 0.0 and value - value == 0.0):
        raise ValueError('{}: the learning rate must be a positive finite number, got {!r}'.format(who, value))
    return _f32(value)


def _rows(a, n, what, who):
    # (rows, kind): a Matrix, a list of rows or one row, each of n numbers.
    if isinstance(a, Matrix):
        rows, kind = a.mat, 'matrix'
    elif isinstance(a, (str, bytes, dict)):
        raise ValueError('{}: expected a Matrix, a row of {} {} or a list of such rows, got a {}'.format(who, n, what, type(a).__name__))
    else:
        try:
            first = a[0]
        except (TypeError, IndexError, KeyError):
            raise ValueError('{}: expected a Matrix, a row of {} {} or a list of such rows'.format(who, n, what))
        if type(first) in (int, float):
            rows, kind = (a,), 'row'
        else:
            rows, kind = a, 'rows'
    for r in range(len(rows)):
        _check_row(rows[r], n, what, who, r if len(rows) > 1 else None)
    return rows, kind


def _check_row(row, n, what, who, r):
    try:
        got = len(row)
    except TypeError:
        got = 'a {}'.format(type(row).__name__)
    if got != n:
        raise ValueError('{}: expected {} {} per row, got {}{}'.format(who, n, what, got, '' if r is None else ' (row {})'.format(r)))


def _transposed(w, rows, cols):
    # A rows x cols table stored row by row, stored column by column (the files' [i * n_out + j]
    # and the kernels' [j * n_in + i] orders, either way).
    out = array('f', bytes(4 * rows * cols))
    for r in range(rows):
        for c in range(cols):
            out[c * rows + r] = w[r * cols + c]
    return out


def _copy_into(dst, src):
    for i in range(len(dst)):
        dst[i] = src[i]


class DFF:
    """Deep feed-forward network: DFF((3, 4, 2)) has 3 inputs, a hidden layer of 4, 2 outputs."""

    def __init__(self, layers, activation='sigmoid', output=None, bias=True, seed=DEFAULT_SEED, init='uniform',
                 loss='mse', optimizer='sgd', lrate=1.0, momentum=0.9):
        layers = tuple(layers)
        count = len(layers) - 1
        if isinstance(activation, (list, tuple)):
            acts = tuple(_activation_name(a) for a in activation)
        else:
            acts = (_activation_name(activation),) * max(count - 1, 0) + (_activation_name(output or activation),)
        _formats.check_topology(layers, acts, 'DFF')
        if type(seed) is not int or not 0 <= seed <= 0xFFFFFFFFFFFFFFFF:
            raise ValueError('DFF: seed must be an integer from 0 to 2**64 - 1, got {!r}'.format(seed))
        if init not in _formats.INITS:
            raise ValueError('DFF: unknown init {!r} (expected {})'.format(init, ', '.join(_formats.INITS)))
        training = _formats.training_defaults()
        training.update(seed=seed, init=init)
        limits = []
        for l in range(count):
            n_in, n_out = layers[l], layers[l + 1]
            limit = 1.0
            if init != 'uniform':
                limit = _f32(sqrt(_f32(6.0 / (n_in + (n_out if init == 'xavier' else 0)))))
            limits.append(limit)
        model = {'layers': layers, 'activations': acts, 'bias': bias, 'mean': None, 'std': None, 'inputs': [],
                 'outputs': [], 'classes': [], 'training': training,
                 'weights': _pcg32_uniform(seed, limits, [layers[l] * layers[l + 1] for l in range(count)]),
                 'biases': [array('f', bytes(4 * n)) for n in layers[1:]] if bias else None}
        self._build(model)
        self.loss = loss
        self.optimizer = optimizer
        self.lrate = lrate
        self.momentum = momentum

    # ---------------------------------------------------------------- layout

    def _build(self, model):
        # Lays the network out from a checked model dict (weights in the files' order).
        layers = model['layers']
        self.layers = tuple(layers)
        self._widths = (layers[0], layers[-1])
        self.activations = tuple(model['activations'])
        self.bias = model['bias']
        self.inputs = list(model['inputs'])
        self.outputs = list(model['outputs'])
        self.classes = list(model['classes'])
        self._tr = dict(model['training'])
        self._codes = tuple(_formats.ACTIVATIONS.index(a) for a in self.activations)
        # Every parameter in one flat array, layer by layer: the weights in neuron order
        # ([j * n_in + i]), then the biases; _w[l] and _b[l] are views of their parts.
        count = len(layers) - 1
        sizes = []
        for l in range(count):
            sizes.append(layers[l] * layers[l + 1])
            sizes.append(layers[l + 1] if self.bias else 0)
        self._p = array('f', bytes(4 * sum(sizes)))
        view = memoryview(self._p)
        self._w, self._b = [], []
        at = 0
        for l in range(count):
            w = view[at:at + sizes[2 * l]]
            _copy_into(w, _transposed(model['weights'][l], layers[l], layers[l + 1]))
            self._w.append(w)
            at += sizes[2 * l]
            b = view[at:at + sizes[2 * l + 1]] if self.bias else None
            if self.bias:
                _copy_into(b, model['biases'][l])
            self._b.append(b)
            at += sizes[2 * l + 1]
        self._mean = None if model['mean'] is None else array('f', model['mean'])
        self._std = None if model['std'] is None else array('f', model['std'])
        widest = max(layers)
        self._x = array('f', bytes(4 * layers[0]))
        self._y = [array('f', bytes(4 * n)) for n in layers[1:]]
        self._d = (array('f', bytes(4 * widest)), array('f', bytes(4 * widest)))
        self._state = None  # optimizer state, made on the first step that needs it
        self._state_for = None
        self._adam_steps = 0
        self._lr_given = self._lr = None
        self._code = None  # (step, forward) from dff_codegen, False when not used, None until made
        self._fast_step = _PENDING

    def _retune(self):
        # Settings changed: the step is picked again at the next train().
        self._fast_step = _PENDING

    def _prepare(self):
        # Compiles the generated code on first use and picks the step for the current settings:
        # the generated one for plain SGD, else None (the loops).
        if self._code is None:
            self._code = self._generate()
        tr = self._tr
        self._fast_step = self._code[0] if self._code and tr['optimizer'] == 'sgd' and tr['l2'] == 0.0 else None
        return self._fast_step

    def _generate(self):
        if len(self._p) > UNROLL_LIMIT:
            return False
        text = _codegen.source(self.layers, self._codes, self.bias, self._mean is not None,
                               _formats.LOSSES.index(self._tr['loss']), native=_native)
        ns, native = _exec(text, 'dff_generated', {})
        code = ns['make'](self._p, self._mean, self._std, exp, log, tanh, unpack)
        if native and not self._agrees(code[1]):
            ns, _ = _exec(text.replace('@micropython.native', ''), 'dff_generated', {})
            code = ns['make'](self._p, self._mean, self._std, exp, log, tanh, unpack)
        return code

    def _agrees(self, forward):
        # Native code is checked once against the loops on a fixed input before it is trusted.
        x = [0.5 - (i % 3) * 0.25 for i in range(self.layers[0])]
        try:
            fast = forward(x)
        except Exception:
            return False
        slow = self._run(x)
        return all(abs(fast[j] - slow[j]) <= 1e-5 * (1.0 + abs(slow[j])) for j in range(len(slow)))

    def _model(self):
        # The model dict (weights in the files' order) that dff_formats reads and writes.
        layers = self.layers
        return {'layers': layers, 'activations': self.activations, 'bias': self.bias,
                'weights': [_transposed(self._w[l], layers[l + 1], layers[l]) for l in range(len(layers) - 1)],
                'biases': [array('f', bytes(b)) for b in self._b] if self.bias else None,
                'mean': self._mean, 'std': self._std, 'inputs': self.inputs, 'outputs': self.outputs,
                'classes': self.classes, 'training': dict(self._tr)}

    # ---------------------------------------------------------------- settings

    @property
    def training(self):
        """The training settings as the model files store them (a copy; set them below)."""
        return dict(self._tr)

    @property
    def lrate(self):
        """The learning rate train() uses when none is given (the seed's lrate, default 1)."""
        return self._tr['learning_rate']

    @lrate.setter
    def lrate(self, value):
        self._tr['learning_rate'] = _check_rate(value, 'DFF.lrate')

    @property
    def loss(self):
        """'mse' (1/2 sum (o - t)^2, the seed's error) or 'cross_entropy' (softmax or sigmoid output)."""
        return self._tr['loss']

    @loss.setter
    def loss(self, value):
        if value not in _formats.LOSSES:
            raise ValueError('DFF.loss: unknown loss {!r} (expected {})'.format(value, ', '.join(_formats.LOSSES)))
        if value == 'cross_entropy' and self.activations[-1] not in ('softmax', 'sigmoid'):
            raise ValueError('DFF.loss: cross_entropy needs a softmax or sigmoid output layer')
        if value != self._tr['loss']:
            self._tr['loss'] = value
            self._code = None
            self._retune()

    @property
    def optimizer(self):
        """'sgd' (the seed's update), 'momentum' or 'adam'; its state starts at zero when it changes."""
        return self._tr['optimizer']

    @optimizer.setter
    def optimizer(self, value):
        if value not in _formats.OPTIMIZERS:
            raise ValueError('DFF.optimizer: unknown optimizer {!r} (expected {})'.format(value, ', '.join(_formats.OPTIMIZERS)))
        self._tr['optimizer'] = value
        self._retune()

    @property
    def momentum(self):
        """Momentum factor in [0, 1): v = momentum * v + gradient; w -= lrate * v."""
        return self._tr['momentum']

    @momentum.setter
    def momentum(self, value):
        if not 0.0 <= value < 1.0:
            raise ValueError('DFF.momentum: expected a number in [0, 1), got {!r}'.format(value))
        self._tr['momentum'] = _f32(value)

    @property
    def l2(self):
        """L2 factor on the weights (not the biases), >= 0; adds l2 * w to each weight's gradient."""
        return self._tr['l2']

    @l2.setter
    def l2(self, value):
        if not (value >= 0.0 and value - value == 0.0):
            raise ValueError('DFF.l2: expected a finite number >= 0, got {!r}'.format(value))
        self._tr['l2'] = _f32(value)
        self._retune()

    @property
    def epochs(self):
        """Epochs trained so far, as the model files record it (count your own passes here)."""
        return self._tr['epochs']

    @epochs.setter
    def epochs(self, value):
        self._tr['epochs'] = int(value)

    # ---------------------------------------------------------------- weights

    @property
    def weights(self):
        """The weight matrices (inputs x neurons, the seed's W_ih, W_ho), as copies."""
        out = []
        for l, w in enumerate(self._w):
            n_in, n_out = self.layers[l], self.layers[l + 1]
            out.append(Matrix([[w[j * n_in + i] for j in range(n_out)] for i in range(n_in)]))
        return out

    @weights.setter
    def weights(self, matrices):
        if len(matrices) != len(self._w):
            raise ValueError('DFF.weights: expected {} matrices, got {}'.format(len(self._w), len(matrices)))
        new = []
        for l, m in enumerate(matrices):
            rows, _ = _rows(m, self.layers[l + 1], 'weights', 'DFF.weights[{}]'.format(l))
            if len(rows) != self.layers[l]:
                raise ValueError('DFF.weights[{}]: expected {} rows, got {}'.format(l, self.layers[l], len(rows)))
            new.append(_transposed(array('f', [v for row in rows for v in row]), self.layers[l], self.layers[l + 1]))
        for w, v in zip(self._w, new):
            _copy_into(w, v)
        self._state = None

    @property
    def biases(self):
        """The bias rows (1 x neurons), as copies; [] without biases."""
        return [Matrix([list(b)]) for b in self._b] if self.bias else []

    @biases.setter
    def biases(self, matrices):
        if not self.bias or len(matrices) != len(self._b):
            raise ValueError('DFF.biases: expected {} bias rows'.format(len(self._b) if self.bias else 0))
        new = [_rows(m, self.layers[l + 1], 'biases', 'DFF.biases[{}]'.format(l))[0][0] for l, m in enumerate(matrices)]
        for b, v in zip(self._b, new):
            _copy_into(b, v)
        self._state = None

    # ---------------------------------------------------------------- use

    def _input(self, row):
        x = self._x
        mean = self._mean
        if mean is None:
            for i in range(len(x)):
                x[i] = row[i]
        else:
            std = self._std
            for i in range(len(x)):
                x[i] = (row[i] - mean[i]) / std[i]
        return x

    def _run(self, row):
        # The outputs for one row through the loops of dff_kernels (an array, reused).
        x = self._input(row)
        widths, w, b, y, codes = self.layers, self._w, self._b, self._y, self._codes
        for l in range(len(w)):
            _k.forward(x, widths[l], w[l], b[l], widths[l + 1], y[l], codes[l])
            x = y[l]
        return x

    def _outputs(self, row):
        if self._code is None:
            self._prepare()
        if self._code:
            try:
                return self._code[1](row)
            except ValueError:  # exp() overflowed: the loops guard it
                pass
        return list(self._run(row))

    def predict(self, a):
        """Outputs for a (Matrix -> Matrix; one row -> list; list of rows -> list of lists)."""
        rows, kind = _rows(a, self.layers[0], 'inputs', 'DFF.predict')
        out = [self._outputs(row) for row in rows]
        if kind == 'matrix':
            return Matrix(out)
        return out[0] if kind == 'row' else out

    def classify(self, row):
        """Index of the largest output for one row of inputs (the first on a tie)."""
        rows, _ = _rows(row, self.layers[0], 'inputs', 'DFF.classify')
        y = self._outputs(rows[0])
        best = 0
        for j in range(1, len(y)):
            if y[j] > y[best]:
                best = j
        return best

    def evaluate(self, a, s):
        """Mean loss over the rows of a (inputs) and s (targets), without training."""
        xs, ts = self._pairs(a, s, 'DFF.evaluate')
        act, loss, n = self._codes[-1], _formats.LOSSES.index(self._tr['loss']), self.layers[-1]
        total = 0.0
        for r in range(len(xs)):
            total += _k.sample_loss(self._outputs(xs[r]), ts[r], n, act, loss)
        return total / len(xs)

    def _pairs(self, a, s, who):
        xs, _ = _rows(a, self.layers[0], 'inputs', who)
        ts, _ = _rows(s, self.layers[-1], 'targets', who)
        if len(xs) != len(ts):
            raise ValueError('{}: {} rows of inputs but {} rows of targets'.format(who, len(xs), len(ts)))
        return xs, ts

    def train(self, a, s, lrate=None):
        """One update per row of a (inputs) towards s (targets); returns their mean loss before it."""
        if lrate is None:
            lr = self._tr['learning_rate']
        elif lrate == self._lr_given:
            lr = self._lr
        else:
            lr = _check_rate(lrate, 'DFF.train')
            self._lr_given, self._lr = lrate, lr
        if type(a) is Matrix and type(s) is Matrix:
            xs, ts = a.mat, s.mat
        else:
            xs, ts = self._pairs(a, s, 'DFF.train')
        n_in, n_out = self._widths
        if len(xs) != len(ts):
            self._pairs(a, s, 'DFF.train')  # raises, naming the row counts
        fast = self._fast_step
        if fast is _PENDING:
            fast = self._prepare()
        total = 0.0
        for x, t in zip(xs, ts):
            if len(x) != n_in or len(t) != n_out:
                self._pairs(a, s, 'DFF.train')  # raises, naming the row
            if fast is not None:
                try:
                    total += fast(x, t, lr)
                    continue
                except ValueError:  # exp() overflowed in the forward pass, before any update
                    pass
            total += self._step(x, t, lr)
        mean = total / len(xs)
        # As the core's float32 loss: NaN, or beyond float32's range, is an error.
        if not -3.4028234663852886e38 <= mean <= 3.4028234663852886e38:
            raise ValueError('DFF.train: loss became NaN or infinite; lower the learning rate or normalise the inputs')
        return mean

    def _step(self, row, t, lr):
        # One update through the loops of dff_kernels, with any optimizer; returns the loss.
        tr = self._tr
        opt = _formats.OPTIMIZERS.index(tr['optimizer'])
        if opt and self._state_for != tr['optimizer']:
            self._new_state(opt)
        widths, W, B, Y, codes = self.layers, self._w, self._b, self._y, self._codes
        top = len(W) - 1
        self._run(row)
        d, prev = self._d
        loss = _k.output_delta(Y[top], t, widths[-1], codes[top], _formats.LOSSES.index(tr['loss']), d)
        l2 = tr['l2']
        keep = _f32(1.0 - lr * l2)
        for l in range(top, -1, -1):
            inp = Y[l - 1] if l else self._x
            p = prev if l else None
            if opt == 0:
                _k.back_sgd(inp, widths[l], W[l], B[l], widths[l + 1], d, p, lr, keep)
            else:
                self._back_stateful(opt, l, inp, d, p, lr, l2)
            if l:
                _k.derivative(inp, p, widths[l], codes[l - 1])
                d, prev = prev, d
        return loss

    def _new_state(self, opt):
        per = 2 if opt == 2 else 1
        self._state = [[array('f', bytes(4 * len(w))) for _ in range(per)] +
                       [array('f', bytes(4 * self.layers[l + 1])) for _ in range(per)] for l, w in enumerate(self._w)]
        self._state_for = self._tr['optimizer']
        self._adam_steps = 0

    def _back_stateful(self, opt, l, inp, d, prev, lr, l2):
        tr, st = self._tr, self._state[l]
        n_in, n_out = self.layers[l], self.layers[l + 1]
        if prev is not None:
            _k.backprop(self._w[l], n_in, n_out, d, prev)
        if opt == 1:
            _k.update_momentum(inp, n_in, self._w[l], self._b[l], n_out, d, lr, l2, tr['momentum'], st[0], st[1])
            return
        if l == len(self._w) - 1:
            self._adam_steps += 1
        b1, b2 = tr['beta1'], tr['beta2']
        c1 = _f32(1.0 / _f32(1.0 - _f32(b1 ** self._adam_steps)))
        c2 = _f32(1.0 / _f32(1.0 - _f32(b2 ** self._adam_steps)))
        _k.update_adam(inp, n_in, self._w[l], self._b[l], n_out, d, lr, l2, b1, b2, tr['epsilon'], c1, c2,
                       st[0], st[1], st[2], st[3])

    # ---------------------------------------------------------------- files

    def save(self, path='model.json'):
        """Writes the model to path: JSON if it ends in .json, else the binary blob. Atomic: the
        file is written to path + '.tmp' and renamed over path only when complete. Returns its size."""
        model = self._model()
        _formats.check(model, path)
        data = _formats.to_json(model).encode('utf-8') if path.endswith('.json') else _formats.to_blob(model)
        _write_atomic(path, data)
        return len(data)


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def _write_atomic(path, data):
    tmp = path + '.tmp'
    try:
        with open(tmp, 'wb') as f:
            if f.write(data) != len(data):
                raise OSError('{}: the file system took only part of the model'.format(path))
        try:
            os.rename(tmp, path)
        except OSError:  # FAT file systems do not rename over an existing file
            old = path + '.old'
            _remove(old)
            os.rename(path, old)
            os.rename(tmp, path)
            _remove(old)
    except BaseException:
        _remove(tmp)
        raise


def load(source):
    """A DFF from a microdff model: a file path or bytes (JSON or blob, told apart by content),
    or a module written by `dff export --format micropython` (already imported)."""
    name = 'model'
    if isinstance(source, str):
        name = source
        with open(source, 'rb') as f:
            data = f.read()
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        return _from_model(_formats.from_module(source))
    start = 3 if data[:3] == b'\xef\xbb\xbf' else 0
    while start < len(data) and data[start] in b' \t\r\n':
        start += 1
    if data[start:start + 1] == b'{':
        return _from_model(_formats.from_json(str(data[start:], 'utf-8'), name))
    if data[:4] == b'DFFB':
        return _from_model(_formats.from_blob(data, name))
    raise ValueError('{}: not a microdff model (neither JSON starting with "{{" nor a blob starting with "DFFB")'.format(name))


def _from_model(model):
    # A DFF laid out from a model dict (the constructor's random weights are replaced).
    ann = DFF((1, 1), 'linear', seed=0)
    ann._build(model)
    return ann
