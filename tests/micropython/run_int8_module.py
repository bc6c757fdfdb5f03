# Runs one micropython-int8 module on the rows of one int8-vectors.json case and returns what it
# computed as JSON text (driven by micropython_int8_module.test.mjs inside MicroPython).
import json
import sys


def run(case_path, module_dir, module_name):
    with open(case_path) as f:
        rows = json.load(f)['rows']
    if module_dir not in sys.path:
        sys.path.insert(0, module_dir)
    module = __import__(module_name)
    out = {
        'weights_type': type(module.W0).__name__,
        'selftest': module.selftest(),
        'quantised': [module.quantize_input(r['input']) for r in rows],
        'int8': [module.predict_int8(r['quantised']) for r in rows],
        'outputs': [module.predict(r['input']) for r in rows],
        'has_classify': hasattr(module, 'classify'),
    }
    if out['has_classify']:
        out['classes'] = [module.classify(r['input']) for r in rows]
        out['labels'] = [module.label(r['input']) for r in rows]
    try:
        module.predict(rows[0]['input'] + [0.0])
        out['wrong_length'] = 'accepted'
    except ValueError as e:
        out['wrong_length'] = str(e)
    try:
        import neuralnetwork
        neuralnetwork.load(module)
        out['library_load'] = 'accepted'
    except ValueError as e:
        out['library_load'] = str(e)
    return json.dumps(out)
