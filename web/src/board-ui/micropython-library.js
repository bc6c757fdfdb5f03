// The Board card's "training library" option for MicroPython boards: after the module, sends
// microdff's MicroPython library (micropython/ in the repository, bundled into the page at build
// time) and the model as a blob, then checks the board's outputs through the library. The board
// can then go on training: nn.load('NAME.blob'), ann.train(...), ann.save('NAME.blob').
import matrix from '../../../micropython/matrix.py?raw';
import dffFormats from '../../../micropython/dff_formats.py?raw';
import dffKernels from '../../../micropython/dff_kernels.py?raw';
import dffCodegen from '../../../micropython/dff_codegen.py?raw';
import neuralnetwork from '../../../micropython/neuralnetwork.py?raw';
import { el } from '../dom.js';
import { predictWithLibrary, sendLibrary } from '../board/micropython-library.js';

const FILES = {
  'matrix.py': matrix,
  'dff_formats.py': dffFormats,
  'dff_kernels.py': dffKernels,
  'dff_codegen.py': dffCodegen,
  'neuralnetwork.py': neuralnetwork,
};

// The checkbox, shown for MicroPython boards only: { element, input }.
export function libraryOption() {
  const input = el('input', { type: 'checkbox', id: 'board-with-library', 'data-testid': 'board-with-library' });
  const element = el('label', { class: 'small board-library', for: 'board-with-library', title: 'matrix.py, neuralnetwork.py and dff_*.py: the seed\'s DFF API, to train on the board' },
    input, ' Also send the training library, to train on the board');
  return { element, input };
}

// Sends the library and NAME.blob through `repl` (already in the raw REPL), reporting on `panel`
// (the BoardPanel), then compares the board's outputs through the library with the browser's.
export async function sendLibraryToBoard(panel, repl, name) {
  const blob = await panel.ctx.engine.call('export', { format: 'blob', name });
  const modelPath = `${name}.blob`;
  panel.setStatus(`Writing the training library and ${modelPath}…`, 'busy');
  const before = { ...panel.console.totals };
  const started = performance.now();
  const r = await sendLibrary(repl, { files: FILES, model: blob, modelPath, onProgress: (n, t) => panel.onProgress(n, t) });
  const moduleLine = panel.upload.textContent;
  panel.showUpload(panel.console.totals.sent - before.sent, panel.console.totals.received - before.received, Math.round(performance.now() - started),
    `the training library (${r.files.join(', ')}) and ${modelPath}: ${r.bytes} bytes, each checked and renamed into place`);
  panel.upload.dataset.library = 'sent';
  panel.upload.textContent = `${moduleLine} ${panel.upload.textContent}`;
  panel.setStatus(`Loading ${modelPath} with the library on the board and checking it…`, 'busy');
  await panel.check((rows) => predictWithLibrary(repl, modelPath, rows, { onProgress: (n, t) => (panel.progressText.textContent = `checked ${n} / ${t} rows`) }));
}
