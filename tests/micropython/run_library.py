# Runs the MicroPython library (micropython/) on one case written by
# gen_micropython_library_cases and returns what it computed as JSON text; also the library's
# save and bad-input behaviour. micropython_library.test.mjs calls these inside the MicroPython
# WebAssembly port and compares with the core's numbers.
import json

from matrix import Matrix
import neuralnetwork as nn


def _flat(matrices):
    return [[v for row in m.mat for v in row] for m in matrices]


def _parameters(ann):
    return {'weights': _flat(ann.weights), 'biases': _flat(ann.biases)}


def _read(path):
    with open(path, 'rb') as f:
        return f.read()


def check_case(case_path, folder, out_folder):
    with open(case_path) as f:
        case = json.load(f)
    name = case['case']
    module = __import__(case['module'])
    loaded = {
        'json': nn.load(folder + '/' + case['model_json']),
        'blob': nn.load(folder + '/' + case['blob']),
        'module': nn.load(module),
        'bytes': nn.load(_read(folder + '/' + case['blob'])),
    }
    out = {'kernels': nn.KERNELS, 'outputs': {}, 'parameters': {}}
    for how, ann in loaded.items():
        out['outputs'][how] = ann.predict(case['inputs'])
        out['parameters'][how] = _parameters(ann)
    ann = loaded['json']
    out['layers'] = list(ann.layers)
    out['activations'] = list(ann.activations)
    out['classes'] = {how: a.classes for how, a in loaded.items()}
    out['training'] = {how: [a.optimizer, a.loss, a.lrate] for how, a in loaded.items()}

    # A blob read and written again is the core's blob, byte for byte.
    loaded['blob'].save(out_folder + '/' + name + '.again.blob')
    out['blob_again_equal'] = _read(out_folder + '/' + name + '.again.blob') == _read(folder + '/' + case['blob'])

    # Training from the same weights, one step per row in order, as the core did.
    out['path'] = 'generated' if ann._prepare() is not None else 'loops'
    losses = []
    for _ in range(case['epochs']):
        losses.append(ann.train(case['train_inputs'], case['train_targets']))
    out['trained'] = _parameters(ann)
    out['trained_outputs'] = ann.predict(case['inputs'])
    out['losses'] = [losses[0], losses[-1]]

    # What it saves reads back bit for bit, and `dff` reads it too (checked by the test).
    for ext in ('json', 'blob'):
        path = '{}/{}.trained.{}'.format(out_folder, name, ext)
        ann.save(path)
        again = nn.load(path)
        out['reloaded_' + ext] = _parameters(again) == out['trained'] and again.training == ann.training
    return json.dumps(out)


def seed_default():
    """The weights nn.DFF((3, 4, 2)) starts from, and the seed's Matrix and list forms."""
    ann = nn.DFF((3, 4, 2))
    twin = nn.DFF((3, 4, 2))
    a, s = Matrix([[0, 1, 1]]), Matrix([[0, 1]])
    loss_matrix = ann.train(a, s, lrate=1)
    loss_list = twin.train([0, 1, 1], [0, 1], lrate=1)
    rows = [[0, 0, 1], [1, 1, 0]]
    return json.dumps({
        'initial': _parameters(nn.DFF((3, 4, 2))),
        'same_after_matrix_and_list': _parameters(ann) == _parameters(twin) and loss_matrix == loss_list,
        'predict_matrix': ann.predict(Matrix(rows)).mat,
        'predict_rows': ann.predict(rows),
        'predict_row': ann.predict(rows[0]),
        'predict_tuple': ann.predict(tuple(rows[0])),
        'rounded': str(ann.predict(Matrix([rows[0]])).map(round)),
        'shapes': [list(w.shape) for w in ann.weights],
        'bias_shapes': [list(b.shape) for b in ann.biases],
    })


def _error(code, env):
    try:
        exec(code, env)
    except ValueError as e:
        return 'ValueError: ' + str(e)
    except Exception as e:
        return '{}: {}'.format(type(e).__name__, e)
    return 'no error'


def bad_inputs(blob_path, json_path):
    blob = _read(blob_path)
    text = str(_read(json_path), 'utf-8')
    corrupted = bytearray(blob)
    corrupted[40] ^= 0x10
    # The first weight row one number short.
    j = text.index('[', text.index('[', text.index('"weights"')) + 1)
    k = text.index(']', j)
    short_row = text[:j + 1] + text[j + 1:k][:text[j + 1:k].rindex(',')] + text[k:]
    env = {'nn': nn, 'Matrix': Matrix, 'ann': nn.DFF((3, 4, 2)), 'linear': nn.DFF((1, 1), 'linear'),
           'blob': blob, 'corrupted': bytes(corrupted), 'text': text, 'short_row': short_row}
    cases = {
        'train: inputs too short': "ann.train(Matrix([[0, 0]]), Matrix([[1, 0]]))",
        'train: targets too long': "ann.train([0, 0, 1], [1, 0, 0])",
        'train: row counts differ': "ann.train(Matrix([[0, 0, 1], [1, 1, 1]]), Matrix([[1, 0]]))",
        'train: one bad row of several': "ann.train([[0, 0, 1], [1, 1]], [[1, 0], [0, 1]])",
        'train: learning rate 0': "ann.train([0, 0, 1], [1, 0], lrate=0)",
        'train: diverges': "linear.train([1e30], [0], lrate=1e10)",
        'predict: wrong width': "ann.predict([0, 1])",
        'predict: not numbers': "ann.predict('abc')",
        'DFF: one layer': "nn.DFF((3,))",
        'DFF: width 0': "nn.DFF((3, 0, 2))",
        'DFF: unknown activation': "nn.DFF((3, 4, 2), 'swish')",
        'DFF: softmax in a hidden layer': "nn.DFF((3, 4, 2), ('softmax', 'sigmoid'))",
        'DFF: cross-entropy on relu': "nn.DFF((3, 4, 2), 'relu', loss='cross_entropy')",
        'Matrix: ragged rows': "Matrix([[1, 2], [3]])",
        'weights: wrong count': "ann.weights = [Matrix([[1, 2]])]",
        'weights: wrong shape': "ann.weights = [Matrix([[1, 2, 3, 4]] * 3), Matrix([[1, 2, 3]] * 4)]",
        'load: corrupted blob': "nn.load(corrupted)",
        'load: truncated blob': "nn.load(blob[:-9])",
        'load: not a model': "nn.load(b'hello')",
        'load: short weight row': "nn.load(short_row.encode())",
        'load: newer version': "nn.load(text.replace('\"version\": 1', '\"version\": 2').encode())",
        'load: unknown field': "nn.load(text.replace('\"normalization\"', '\"normalisation\"').encode())",
        'load: unknown optimizer': "nn.load(text.replace('\"optimizer\": \"sgd\"', '\"optimizer\": \"rmsprop\"').encode())",
    }
    return json.dumps({k: _error(v, env) for k, v in cases.items()})


def atomic_save(folder):
    """save(): complete files only, the previous one kept when saving fails."""
    import os

    ann = nn.DFF((3, 4, 2))
    path = folder + '/board.json'
    out = {'size': ann.save(path)}
    before = _read(path)
    names = lambda: sorted(n for n in os.listdir(folder) if n.startswith('board.'))
    out['files_after_save'] = names()

    ann.train([0, 1, 1], [0, 1])
    ann._w[0][0] = float('nan')  # a model that cannot be written
    out['nan'] = _error('ann.save(path)', {'ann': ann, 'path': path})
    out['kept_after_nan'] = _read(path) == before
    out['files_after_nan'] = names()

    class NoRename:
        # A file system whose rename always fails (full, read-only, pulled card).
        def __getattr__(self, name):
            return getattr(os, name)

        def rename(self, a, b):
            raise OSError(28)

    class FatRename(NoRename):
        # FAT: rename does not replace an existing file.
        def rename(self, a, b):
            try:
                os.stat(b)
                raise OSError(17)
            except OSError as e:
                if e.args[0] == 17:
                    raise
            os.rename(a, b)

    good = nn.DFF((3, 4, 2), seed=5)
    nn.os = NoRename()
    try:
        out['no_rename'] = _error('good.save(path)', {'good': good, 'path': path})
    finally:
        nn.os = os
    out['kept_after_no_rename'] = _read(path) == before
    out['files_after_no_rename'] = names()

    nn.os = FatRename()
    try:
        out['fat_size'] = good.save(path)
    finally:
        nn.os = os
    out['fat_replaced'] = nn.load(path).weights == good.weights
    out['files_after_fat'] = names()
    return json.dumps(out)
