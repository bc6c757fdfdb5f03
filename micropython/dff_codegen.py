# dff_codegen.py: straight-line Python for one network's shape, as the core unrolls its
# kernels for narrow layers. An interpreter pays for every loop step, index sum and array
# access; with the shape fixed, a step reads every parameter once into a local variable
# (struct.unpack, one C-level pass), writes every neuron as one expression over locals and
# stores each updated parameter back with a constant index. That runs several times faster than
# the loops of dff_kernels.py, at a code size proportional to the number of parameters.
#
# source(layers, codes, bias, normalize, loss) returns the text of
#     make(P, MEAN, STD, exp, log, tanh, unpack) -> (step, forward)
# P is the network's flat array('f') of parameters, layer by layer: the weights in neuron
# order ([j * n_in + i] connects input i to neuron j), then the biases; MEAN and STD its
# normalisation (or None).
# step(x, t, lr): one per-sample SGD step on the inputs x and targets t (sequences of exactly
#     n_in and n_out numbers), updating P in place; returns the sample's loss before it.
# forward(x): the outputs for x, as a list.
# Sums and updates follow the core's order; the one difference is that values between
# layers stay Python floats instead of being rounded to float32.

_SIGMOID, _RELU, _LEAKY, _TANH, _LINEAR, _SOFTMAX = 0, 1, 2, 3, 4, 5
_ONE_MINUS_1E7 = '0.9999998807907104'  # the core's 1.0f - 1e-7f, the binary cross-entropy clamp


def _unpack(names, source):
    return '{}{} = {}'.format(', '.join(names), ',' if len(names) == 1 else '', source)


def _activate(lines, act, names, sums):
    # Assigns act(sum) to each name; softmax normalises across the layer.
    if act == _SOFTMAX:
        for n, s in zip(names, sums):
            lines.append('{} = {}'.format(n, s))
        lines.append('m = max({})'.format(', '.join(names)))
        for n in names:
            lines.append('{0} = exp({0} - m)'.format(n))
        lines.append('inv = 1.0 / ({})'.format(' + '.join(names)))
        for n in names:
            lines.append('{0} = {0} * inv'.format(n))
        return
    for n, s in zip(names, sums):
        if act == _SIGMOID:
            # exp() raises ValueError on overflow; DFF.train then redoes the sample the safe way.
            lines.append('{} = 1.0 / (1.0 + exp(-({})))'.format(n, s))
        elif act == _RELU:
            lines.append('z = {}'.format(s))
            lines.append('{} = z if z > 0.0 else 0.0'.format(n))
        elif act == _LEAKY:
            lines.append('z = {}'.format(s))
            lines.append('{} = z if z > 0.0 else 0.01 * z'.format(n))
        elif act == _TANH:
            lines.append('{} = tanh({})'.format(n, s))
        else:
            lines.append('{} = {}'.format(n, s))


def _scaled(act, y, g):
    # g times the activation's derivative at output y, as an expression.
    if act in (_SIGMOID, _SOFTMAX):
        return '{} * ({} * (1.0 - {}))'.format(g, y, y)
    if act == _RELU:
        return '({} if {} > 0.0 else 0.0)'.format(g, y)
    if act == _LEAKY:
        return '({0} if {1} > 0.0 else {0} * 0.01)'.format(g, y)
    if act == _TANH:
        return '{} * (1.0 - {} * {})'.format(g, y, y)
    return g


def _weights(layers, bias):
    # Local names of each layer's weights (neuron order) and biases, and their indices in P.
    w, b, wi, bi = [], [], [], []
    at = 0
    for l in range(len(layers) - 1):
        n = layers[l] * layers[l + 1]
        w.append(['w{}_{}'.format(l, k) for k in range(n)])
        wi.append(list(range(at, at + n)))
        at += n
        m = layers[l + 1] if bias else 0
        b.append(['b{}_{}'.format(l, j) for j in range(m)])
        bi.append(list(range(at, at + m)))
        at += m
    return w, b, wi, bi


def _unpack_all(lines, wn, bn):
    names = []
    for w, b in zip(wn, bn):
        names += w + b
    lines.append(_unpack(names, "unpack('{}f', P)".format(len(names))))


def _forward(lines, layers, codes, bias, normalize, wn, bn):
    # Returns the local names of every layer's values (inputs first).
    n0 = layers[0]
    names = [['x{}'.format(i) for i in range(n0)]]
    lines.append(_unpack(names[0], 'x'))
    if normalize:
        lines.append(_unpack(['m{}'.format(i) for i in range(n0)], 'M'))
        lines.append(_unpack(['s{}'.format(i) for i in range(n0)], 'S'))
        for i in range(n0):
            lines.append('x{0} = (x{0} - m{0}) / s{0}'.format(i))
    for l in range(len(layers) - 1):
        n_in, n_out = layers[l], layers[l + 1]
        ins = names[l]
        outs = ['a{}_{}'.format(l + 1, j) for j in range(n_out)]
        sums = []
        for j in range(n_out):
            terms = ['{} * {}'.format(ins[i], wn[l][j * n_in + i]) for i in range(n_in)]
            sums.append(' + '.join(([bn[l][j]] if bias else []) + terms))
        _activate(lines, codes[l], outs, sums)
        names.append(outs)
    return names


def _output_delta(lines, act, outs, loss):
    # e0.. = dLoss/dz of the output layer; loss = the sample's loss.
    n = len(outs)
    if loss == 1:  # cross-entropy: the derivative collapses to y - t
        lines.append(_unpack(['t{}'.format(k) for k in range(n)], 't'))
        lines.append('loss = 0.0')
        for k, y in enumerate(outs):
            lines.append('e{0} = {1} - t{0}'.format(k, y))
            if act == _SOFTMAX:
                lines.append('loss -= t{0} * log({1} if {1} > 1e-12 else 1e-12)'.format(k, y))
            else:
                lines.append('q = {0} if {0} > 1e-12 else 1e-12'.format(y))
                lines.append('q = q if q < {0} else {0}'.format(_ONE_MINUS_1E7))
                lines.append('loss -= t{0} * log(q) + (1.0 - t{0}) * log(1.0 - q)'.format(k))
        return
    lines.append(_unpack(['t{}'.format(k) for k in range(n)], 't'))
    for k in range(n):
        lines.append('g{0} = {1} - t{0}'.format(k, outs[k]))
    lines.append('loss = 0.5 * ({})'.format(' + '.join('g{0} * g{0}'.format(k) for k in range(n))))
    if act == _SOFTMAX:
        lines.append('dot = {}'.format(' + '.join('g{0} * {1}'.format(k, outs[k]) for k in range(n))))
        for k in range(n):
            lines.append('e{0} = {1} * (g{0} - dot)'.format(k, outs[k]))
    else:
        for k in range(n):
            lines.append('e{} = {}'.format(k, _scaled(act, outs[k], 'g{}'.format(k))))


def _backward(lines, layers, codes, bias, names, wn, bn, wi, bi):
    # From the top layer down: the deltas of the layer below (from the weights before their
    # update, as in the core), then the layer's new weights w - x * (lr * e).
    for l in range(len(layers) - 2, -1, -1):
        n_in, n_out = layers[l], layers[l + 1]
        ins = names[l]
        if l > 0:
            for i in range(n_in):
                s = ' + '.join('{} * e{}'.format(wn[l][j * n_in + i], j) for j in range(n_out))
                lines.append('f{} = {}'.format(i, _scaled(codes[l - 1], ins[i], '({})'.format(s))))
        lines.append('; '.join('s{0} = lr * e{0}'.format(j) for j in range(n_out)))
        # Input by input; an input that is exactly 0 (binary and one-hot inputs, ReLU outputs)
        # leaves its weights as they are (w - 0 * s == w), so their updates are skipped.
        sparse = l == 0 or codes[l - 1] == _RELU
        for i in range(n_in):
            pad = '    ' if sparse else ''
            if sparse:
                lines.append('if {}:'.format(ins[i]))
            for j in range(n_out):
                k = j * n_in + i
                lines.append('{}p[{}] = {} - {} * s{}'.format(pad, wi[l][k], wn[l][k], ins[i], j))
        if bias:
            lines.append('; '.join('p[{}] = {} - s{}'.format(bi[l][j], bn[l][j], j) for j in range(n_out)))
        if l > 0:
            lines.append('; '.join('e{0} = f{0}'.format(i) for i in range(n_in)))


def source(layers, codes, bias, normalize, loss, native=False):
    """Python source of make(P, MEAN, STD, exp, log, tanh, unpack) -> (step, forward) for this network."""
    wn, bn, wi, bi = _weights(layers, bias)
    # The helpers become closure variables: cheaper to reach than globals.
    out = ['def make(P, MEAN, STD, exp, log, tanh, unpack):', '    M = MEAN; S = STD']
    deco = ['    @micropython.native'] if native else []

    body = ['p = P']
    _unpack_all(body, wn, bn)
    names = _forward(body, layers, codes, bias, normalize, wn, bn)
    _output_delta(body, codes[-1], names[-1], loss)
    _backward(body, layers, codes, bias, names, wn, bn, wi, bi)
    body.append('return loss')
    out += deco + ['    def step(x, t, lr):'] + ['        ' + line for line in body]

    body = []
    _unpack_all(body, wn, bn)
    names = _forward(body, layers, codes, bias, normalize, wn, bn)
    body.append('return [{}]'.format(', '.join(names[-1])))
    out += deco + ['    def forward(x):'] + ['        ' + line for line in body]
    out.append('    return step, forward')
    return '\n'.join(out) + '\n'
