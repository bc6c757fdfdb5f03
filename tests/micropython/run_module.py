# Runs one generated module on one case and returns what it computed as JSON text.
# The same file runs inside MicroPython (WebAssembly port, driven by
# micropython_module.test.mjs) and on CPython 3 (`python3 run_module.py CASE.json`),
# so both interpreters go through exactly the same calls.
import json
import sys

try:
    import gc
except ImportError:
    gc = None


def _measured_import(module_name):
    # MicroPython only: heap bytes the module keeps after its import (after a full collection).
    if gc is None or not hasattr(gc, 'mem_alloc'):
        return __import__(module_name), None
    gc.collect()
    before = gc.mem_alloc()
    module = __import__(module_name)
    gc.collect()
    return module, gc.mem_alloc() - before


def run(case_path, module_dir, module_name):
    with open(case_path) as f:
        case = json.load(f)
    if module_dir not in sys.path:
        sys.path.insert(0, module_dir)
    case_inputs = case['inputs']
    module, ram_after_import = _measured_import(module_name)
    out = {
        'ram_after_import': ram_after_import,
        'weights_type': type(module.W0).__name__,
        'outputs': [module.predict(row) for row in case_inputs],
        'input_names': list(module.INPUTS),
        'output_names': list(module.OUTPUTS),
        'class_names': list(module.CLASSES),
        'topology': list(module.TOPOLOGY),
        'input_count': module.INPUT_COUNT,
        'output_count': module.OUTPUT_COUNT,
        'weights_bytes': module.WEIGHTS_BYTES,
        'scratch_bytes': module.SCRATCH_BYTES,
        'selftest': module.selftest(),
        'has_classify': hasattr(module, 'classify'),
    }
    if out['has_classify']:
        out['classes'] = [module.classify(row) for row in case_inputs]
        out['labels'] = [module.label(row) for row in case_inputs]
    # Inputs given as a tuple and as a float32 array must work like a list.
    first = case_inputs[0]
    from array import array
    out['tuple_equal'] = module.predict(tuple(first)) == module.predict(first)
    out['array_equal'] = module.predict(array('f', first)) == module.predict(first)
    try:
        module.predict(first + [0.0])
        out['wrong_length'] = 'accepted'
    except ValueError as e:
        out['wrong_length'] = str(e)
    return json.dumps(out)


if __name__ == '__main__':
    print(run(sys.argv[1], sys.argv[2], sys.argv[3]))
