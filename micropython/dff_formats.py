# dff_formats.py: microdff's model files (docs/model-format.md) for neuralnetwork.py.
#
# A model is a dict: layers (widths, input first), activations (names), bias, weights (one
# array('f') per layer in the files' order: [i * n_out + j] connects input i to neuron j),
# biases (one array per layer, or None), mean and std (arrays, or None), inputs, outputs and
# classes (lists of names) and training (a dict with the model file's training keys).
# Readers check every field and raise ValueError naming the source and the field.
import struct
from array import array

ACTIVATIONS = ('sigmoid', 'relu', 'leaky_relu', 'tanh', 'linear', 'softmax')
LOSSES = ('mse', 'cross_entropy')
OPTIMIZERS = ('sgd', 'momentum', 'adam')
INITS = ('uniform', 'xavier', 'he')
MAX_LAYERS = 16
MAX_WIDTH = 4096
FORMAT_VERSION = 1
# TrainSettings' defaults in the core (core/host/model/dff.h, core/train.h).
TRAINING_DEFAULTS = (
    ('loss', 'mse'), ('optimizer', 'sgd'), ('learning_rate', 1.0), ('momentum', 0.9), ('beta1', 0.9),
    ('beta2', 0.999), ('epsilon', 1e-8), ('l2', 0.0), ('batch_size', 1), ('shuffle', True),
    ('init', 'uniform'), ('seed', 1), ('epochs', 0), ('final_loss', -1.0))
_FLOAT32_MAX = 3.4028235e38


def training_defaults():
    return dict(TRAINING_DEFAULTS)


def _fail(source, where, what):
    raise ValueError('{}: {}: {}'.format(source, where, what) if where else '{}: {}'.format(source, what))


def _is_number(v):
    return type(v) in (int, float)


def _finite(v):
    return v - v == 0.0


def check_topology(layers, acts, source):
    """Checks widths and activations (names) as the core does; raises ValueError."""
    if not 2 <= len(layers) <= MAX_LAYERS + 1:
        _fail(source, 'topology', 'expected 2 to {} widths, got {}'.format(MAX_LAYERS + 1, len(layers)))
    for i, n in enumerate(layers):
        if type(n) is not int or not 1 <= n <= MAX_WIDTH:
            _fail(source, 'topology[{}]'.format(i), 'expected a width from 1 to {}, got {!r}'.format(MAX_WIDTH, n))
    if len(acts) != len(layers) - 1:
        _fail(source, 'activations', 'expected {} (one per layer), got {}'.format(len(layers) - 1, len(acts)))
    for l, a in enumerate(acts):
        if a not in ACTIVATIONS:
            _fail(source, 'activations[{}]'.format(l), 'unknown activation {!r} (expected {})'.format(a, ', '.join(ACTIVATIONS)))
        if a == 'softmax' and (l != len(acts) - 1 or layers[-1] < 2):
            _fail(source, 'activations[{}]'.format(l), 'softmax only on the last layer, with at least 2 outputs')


def check(model, source='model'):
    """Checks a model dict's shape and values; raises ValueError naming the field."""
    layers = model['layers']
    acts = model['activations']
    check_topology(layers, acts, source)
    for l in range(len(layers) - 1):
        _check_floats(source, 'layers[{}].weights'.format(l), model['weights'][l], layers[l] * layers[l + 1])
        if model['bias']:
            _check_floats(source, 'layers[{}].biases'.format(l), model['biases'][l], layers[l + 1])
    if model['mean'] is not None:
        _check_floats(source, 'normalization.mean', model['mean'], layers[0])
        _check_floats(source, 'normalization.std', model['std'], layers[0])
        for i, v in enumerate(model['std']):
            if not v > 0.0:
                _fail(source, 'normalization.std[{}]'.format(i), 'expected a standard deviation > 0, got {}'.format(v))
    for key, n in (('inputs', layers[0]), ('outputs', layers[-1]), ('classes', layers[-1])):
        names = model[key]
        if names and len(names) != n:
            _fail(source, key, 'expected {} names or none, got {}'.format(n, len(names)))
    tr = model['training']
    if tr['loss'] == 'cross_entropy' and acts[-1] not in ('softmax', 'sigmoid'):
        _fail(source, 'training.loss', 'cross_entropy needs a softmax or sigmoid output layer')


def _check_floats(source, where, values, n):
    if len(values) != n:
        _fail(source, where, 'expected {} numbers, got {}'.format(n, len(values)))
    for i in range(n):
        if not _finite(values[i]):
            _fail(source, '{}[{}]'.format(where, i), 'not a finite number')


# ---------------------------------------------------------------- JSON model

def _json_floats(source, where, values, n):
    if type(values) is not list:
        _fail(source, where, 'expected a list of {} numbers'.format(n))
    if len(values) != n:
        _fail(source, where, 'expected {} numbers, got {}'.format(n, len(values)))
    for i, v in enumerate(values):
        if not _is_number(v) or not abs(v) <= _FLOAT32_MAX:
            _fail(source, '{}[{}]'.format(where, i), 'expected a float32 number, got {!r}'.format(v))
    return array('f', values)


def _json_names(source, doc, key):
    names = doc.get(key, [])
    if type(names) is not list or any(type(s) is not str for s in names):
        _fail(source, key, 'expected a list of strings')
    return names


def _json_training(source, doc):
    tr = training_defaults()
    given = doc.get('training', {})
    if type(given) is not dict:
        _fail(source, 'training', 'expected an object')
    for key, value in given.items():
        if key not in tr:
            _fail(source, 'training.' + key, 'unknown field')
        default = tr[key]
        where = 'training.' + key
        if type(default) is str:
            choices = {'loss': LOSSES, 'optimizer': OPTIMIZERS, 'init': INITS}[key]
            if value not in choices:
                _fail(source, where, 'unknown {} {!r} (expected {})'.format(key, value, ', '.join(choices)))
        elif type(default) is bool:
            if type(value) is not bool:
                _fail(source, where, 'expected true or false')
        elif type(default) is int:
            top = 0xFFFFFFFFFFFFFFFF if key == 'seed' else 0xFFFFFFFF
            if type(value) is not int or not (1 if key == 'batch_size' else 0) <= value <= top:
                _fail(source, where, 'expected an integer, got {!r}'.format(value))
        elif not _is_number(value) or not abs(value) <= _FLOAT32_MAX:
            _fail(source, where, 'expected a number, got {!r}'.format(value))
        else:
            value = array('f', (value,))[0]
        tr[key] = value
    return tr


def from_json(text, source='model.json'):
    import json

    try:
        doc = json.loads(text)
    except ValueError as e:
        _fail(source, '', 'not valid JSON ({})'.format(e))
    if type(doc) is not dict or doc.get('format') != 'microdff-model':
        _fail(source, 'format', 'not a microdff model (expected "format": "microdff-model")')
    for key in doc:
        if key not in ('format', 'version', 'topology', 'activations', 'bias', 'layers', 'normalization', 'inputs',
                       'outputs', 'classes', 'training'):
            _fail(source, '"{}"'.format(key), 'unknown field')
    version = doc.get('version')
    if type(version) is not int or version < 1:
        _fail(source, 'version', 'expected a format version >= 1, got {!r}'.format(version))
    if version > FORMAT_VERSION:
        _fail(source, 'version', '{} is newer than this library reads ({}); update microdff'.format(version, FORMAT_VERSION))
    for key, kind in (('topology', list), ('activations', list), ('bias', bool), ('layers', list)):
        if type(doc.get(key)) is not kind:
            _fail(source, key, 'missing or not a {}'.format('list' if kind is list else 'boolean'))
    layers = tuple(doc['topology'])
    model = {'layers': layers, 'activations': tuple(doc['activations']), 'bias': doc['bias'], 'weights': [],
             'biases': [] if doc['bias'] else None, 'mean': None, 'std': None,
             'inputs': _json_names(source, doc, 'inputs'), 'outputs': _json_names(source, doc, 'outputs'),
             'classes': _json_names(source, doc, 'classes'), 'training': _json_training(source, doc)}
    for i, n in enumerate(layers):
        if type(n) is not int or not 1 <= n <= MAX_WIDTH:
            _fail(source, 'topology[{}]'.format(i), 'expected a width from 1 to {}, got {!r}'.format(MAX_WIDTH, n))
    if len(doc['layers']) != len(layers) - 1:
        _fail(source, 'layers', 'expected {} layers, got {}'.format(len(layers) - 1, len(doc['layers'])))
    for l, layer in enumerate(doc['layers']):
        where = 'layers[{}]'.format(l)
        if type(layer) is not dict or type(layer.get('weights')) is not list:
            _fail(source, where + '.weights', 'missing')
        rows = layer['weights']
        if len(rows) != layers[l]:
            _fail(source, where + '.weights', 'expected {} rows, got {}'.format(layers[l], len(rows)))
        w = array('f')
        for i, row in enumerate(rows):
            w.extend(_json_floats(source, '{}.weights[{}]'.format(where, i), row, layers[l + 1]))
        model['weights'].append(w)
        if doc['bias']:
            model['biases'].append(_json_floats(source, where + '.biases', layer.get('biases'), layers[l + 1]))
        elif 'biases' in layer:
            _fail(source, where + '.biases', 'present while "bias" is false')
    norm = doc.get('normalization')
    if norm is not None:
        if type(norm) is not dict:
            _fail(source, 'normalization', 'expected an object or null')
        model['mean'] = _json_floats(source, 'normalization.mean', norm.get('mean'), layers[0])
        model['std'] = _json_floats(source, 'normalization.std', norm.get('std'), layers[0])
    check(model, source)
    return model


def _json_number(v):
    # repr() of a float32 value: on double-precision ports it reads back as the same float32.
    return repr(float(v)) if _finite(v) else 'null'


def _json_string(s):
    import json

    return json.dumps(s)


def to_json(model):
    """The model file as text, in the order and layout the core writes."""
    layers = model['layers']
    out = ['{\n  "format": "microdff-model",\n  "version": 1,\n']
    out.append('  "topology": [{}],\n'.format(', '.join(str(n) for n in layers)))
    out.append('  "activations": [{}],\n'.format(', '.join('"{}"'.format(a) for a in model['activations'])))
    out.append('  "bias": {},\n  "layers": [\n'.format('true' if model['bias'] else 'false'))
    for l in range(len(layers) - 1):
        n_in, n_out, w = layers[l], layers[l + 1], model['weights'][l]
        rows = ['        [' + ', '.join(_json_number(w[i * n_out + j]) for j in range(n_out)) + ']' for i in range(n_in)]
        out.append('    {\n      "weights": [\n' + ',\n'.join(rows) + '\n      ]')
        if model['bias']:
            out.append(',\n      "biases": [' + ', '.join(_json_number(v) for v in model['biases'][l]) + ']')
        out.append('\n    }' + (',\n' if l < len(layers) - 2 else '\n'))
    out.append('  ],\n')
    if model['mean'] is None:
        out.append('  "normalization": null,\n')
    else:
        out.append('  "normalization": {\n    "mean": [' + ', '.join(_json_number(v) for v in model['mean']) +
                   '],\n    "std": [' + ', '.join(_json_number(v) for v in model['std']) + ']\n  },\n')
    for key in ('inputs', 'outputs', 'classes'):
        out.append('  "{}": [{}],\n'.format(key, ', '.join(_json_string(s) for s in model[key])))
    tr = model['training']
    items = []
    for key, default in TRAINING_DEFAULTS:
        v = tr[key]
        if type(default) is str:
            items.append('    "{}": "{}"'.format(key, v))
        elif type(default) is bool:
            items.append('    "{}": {}'.format(key, 'true' if v else 'false'))
        elif type(default) is int:
            items.append('    "{}": {}'.format(key, int(v)))
        else:
            items.append('    "{}": {}'.format(key, _json_number(v)))
    out.append('  "training": {\n' + ',\n'.join(items) + '\n  }\n}\n')
    return ''.join(out)


# ---------------------------------------------------------------- binary blob

_MAGIC = b'DFFB'
_FLAG_BIAS = 1
_FLAG_NORMALIZE = 2
_FLAG_TRAINING = 4
_FLAG_NAMES = 8

try:
    from binascii import crc32
except ImportError:  # ports without binascii.crc32: bitwise CRC-32 (zlib's), fine for a few KB

    def crc32(data, crc=0):
        crc ^= 0xFFFFFFFF
        for byte in data:
            crc ^= byte
            for _ in range(8):
                crc = (crc >> 1) ^ (0xEDB88320 & -(crc & 1))
        return crc ^ 0xFFFFFFFF


def _pad4(buf):
    while len(buf) % 4:
        buf.append(0)


def to_blob(model):
    """The binary model as bytes, byte for byte what the core writes for the same model."""
    layers, tr = model['layers'], model['training']
    names = model['classes']
    flags = _FLAG_TRAINING | (_FLAG_BIAS if model['bias'] else 0) | (_FLAG_NORMALIZE if model['mean'] is not None else 0)
    flags |= _FLAG_NAMES if names else 0
    buf = bytearray(_MAGIC + struct.pack('<HHIBBH', FORMAT_VERSION, 16, 0, len(layers) - 1, flags, 0))
    for n in layers:
        buf.extend(struct.pack('<H', n))
    for a in model['activations']:
        buf.append(ACTIVATIONS.index(a))
    _pad4(buf)
    buf.extend(struct.pack('<BBBB6fIIfQ', LOSSES.index(tr['loss']), OPTIMIZERS.index(tr['optimizer']),
                           INITS.index(tr['init']), 1 if tr['shuffle'] else 0, tr['learning_rate'], tr['momentum'],
                           tr['beta1'], tr['beta2'], tr['epsilon'], tr['l2'], tr['batch_size'], tr['epochs'],
                           tr['final_loss'], tr['seed']))
    if names:
        for name in names:
            raw = name.encode('utf-8')
            if len(raw) > 255:
                raise ValueError('blob: class name {!r} is {} bytes long; the blob allows at most 255'.format(name, len(raw)))
            buf.append(len(raw))
            buf.extend(raw)
        _pad4(buf)
    if model['mean'] is not None:
        buf.extend(bytes(model['mean']))
        buf.extend(bytes(model['std']))
    for l in range(len(layers) - 1):
        buf.extend(bytes(model['weights'][l]))
        if model['bias']:
            buf.extend(bytes(model['biases'][l]))
    struct.pack_into('<I', buf, 8, len(buf) + 4)
    buf.extend(struct.pack('<I', crc32(buf) & 0xFFFFFFFF))
    return bytes(buf)


def from_blob(data, source='model.blob'):
    data = bytes(data)
    size = len(data)
    if size < 16:
        _fail(source, '', 'truncated: {} bytes, a blob has at least 20'.format(size))
    if data[:4] != _MAGIC:
        _fail(source, 'byte 0', 'not a microdff blob (no "DFFB")')
    version, header, total, count, flags, reserved = struct.unpack_from('<HHIBBH', data, 4)
    if version != FORMAT_VERSION:
        _fail(source, 'byte 4', 'blob version {} is not supported (this library reads {})'.format(version, FORMAT_VERSION))
    if size < total:
        _fail(source, '{} of {} bytes'.format(size, total), 'truncated')
    if size > total:
        _fail(source, '{} bytes, {} declared'.format(size, total), 'extra bytes after the model')
    if crc32(data[:total - 4]) & 0xFFFFFFFF != struct.unpack_from('<I', data, total - 4)[0]:
        _fail(source, 'byte {}'.format(total - 4), 'CRC-32 mismatch: the model is corrupted, send it again')
    if header < 16 or header % 4 or not 1 <= count <= MAX_LAYERS or flags & 0xF0 or reserved:
        _fail(source, 'byte 6', 'bad header')
    pos = header

    def take(n, what):
        nonlocal pos
        if pos + n > total - 4:
            _fail(source, 'byte {}'.format(pos), '{} runs past the end of the blob'.format(what))
        start = pos
        pos += n
        return data[start:pos]

    layers = struct.unpack('<{}H'.format(count + 1), take(2 * (count + 1), 'the topology'))
    codes = take(count, 'the activations')
    if any(c >= len(ACTIVATIONS) for c in codes):
        _fail(source, 'byte {}'.format(pos - count), 'unknown activation')
    pos = (pos + 3) & ~3
    tr = training_defaults()
    if flags & _FLAG_TRAINING:
        v = struct.unpack('<BBBB6fIIfQ', take(48, 'the training section'))
        if v[0] >= len(LOSSES) or v[1] >= len(OPTIMIZERS) or v[2] >= len(INITS) or v[3] & 0xFE:
            _fail(source, 'byte {}'.format(pos - 48), 'unknown training setting')
        tr.update(loss=LOSSES[v[0]], optimizer=OPTIMIZERS[v[1]], init=INITS[v[2]], shuffle=bool(v[3] & 1),
                  learning_rate=v[4], momentum=v[5], beta1=v[6], beta2=v[7], epsilon=v[8], l2=v[9],
                  batch_size=v[10], epochs=v[11], final_loss=v[12], seed=v[13])
    classes = []
    if flags & _FLAG_NAMES:
        for _ in range(layers[-1]):
            n = take(1, 'a class name')[0]
            classes.append(str(take(n, 'a class name'), 'utf-8'))
        pos = (pos + 3) & ~3
    model = {'layers': layers, 'activations': tuple(ACTIVATIONS[c] for c in codes), 'bias': bool(flags & _FLAG_BIAS),
             'weights': [], 'biases': [] if flags & _FLAG_BIAS else None, 'mean': None, 'std': None,
             'inputs': [], 'outputs': [], 'classes': classes, 'training': tr}
    if flags & _FLAG_NORMALIZE:
        model['mean'] = array('f', take(4 * layers[0], 'the normalisation'))
        model['std'] = array('f', take(4 * layers[0], 'the normalisation'))
    for l in range(count):
        model['weights'].append(array('f', take(4 * layers[l] * layers[l + 1], 'the weights')))
        if flags & _FLAG_BIAS:
            model['biases'].append(array('f', take(4 * layers[l + 1], 'the biases')))
    if pos != total - 4:
        _fail(source, 'byte {}'.format(pos), '{} bytes left before the CRC'.format(total - 4 - pos))
    check(model, source)
    return model


# ---------------------------------------------------------------- exported module

def _copy(values, n):
    # The module's arrays may be uctypes views, which index but do not iterate.
    return array('f', [values[i] for i in range(n)])


def from_module(module):
    """The model in a module written by `dff export --format micropython` (format 1)."""
    source = getattr(module, '__name__', 'module')
    if getattr(module, 'QUANTIZATION', None) == 'int8':
        _fail(source, 'QUANTIZATION', 'an int8 module (--format micropython-int8) cannot be loaded to train; '
              'call its predict() directly, or export the float model with --format micropython')
    if getattr(module, 'FORMAT_VERSION', None) != 1:
        _fail(source, 'FORMAT_VERSION', 'not a microdff module of format 1')
    layers = tuple(module.TOPOLOGY)
    bias = module.BIAS
    model = {'layers': layers, 'activations': tuple(module.ACTIVATIONS), 'bias': bias, 'weights': [],
             'biases': [] if bias else None, 'mean': None, 'std': None, 'inputs': list(module.INPUTS),
             'outputs': list(module.OUTPUTS), 'classes': list(module.CLASSES), 'training': training_defaults()}
    for l in range(len(layers) - 1):
        n_in, n_out = layers[l], layers[l + 1]
        src = getattr(module, 'W{}'.format(l))  # neuron order: [j * n_in + i]
        w = array('f', bytes(4 * n_in * n_out))
        for j in range(n_out):
            for i in range(n_in):
                w[i * n_out + j] = src[j * n_in + i]
        model['weights'].append(w)
        if bias:
            model['biases'].append(_copy(getattr(module, 'B{}'.format(l)), n_out))
    if module.NORMALIZE:
        model['mean'] = _copy(module.MEAN, layers[0])
        model['std'] = _copy(module.STD, layers[0])
    check(model, source)
    return model
