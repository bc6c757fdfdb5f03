// Puts microdff's MicroPython library (micropython/ in the repository: the seed's Matrix / DFF
// API, training on the board) and a model on a MicroPython board through the raw REPL, then
// asks the board for the model's outputs through the library. The caller supplies the files'
// text (the page bundles them; tests read them from disk).
//
//   await sendLibrary(repl, { files, model: blobBytes, modelPath: 'seed.blob', onProgress })
//   const outputs = await predictWithLibrary(repl, 'seed.blob', rows)
//
// On the board afterwards:  import neuralnetwork as nn; ann = nn.load('seed.blob');
// ann.train(inputs, targets); ann.save('seed.blob')
import { BoardError, ErrorCode } from './errors.js';
import { parsePyFloat, pyNumber, pyString } from './raw-repl.js';

// The library's files, in the order they are written (neuralnetwork.py imports the others).
export const LIBRARY_FILES = Object.freeze(['matrix.py', 'dff_formats.py', 'dff_kernels.py', 'dff_codegen.py', 'neuralnetwork.py']);

const utf8 = new TextEncoder();

// Writes every library file, then the model, each with RawRepl.writeFile (temp file, size and
// CRC-32 checked on the board, renamed into place) in chunks of chunkBytes (2 KB: a third of the
// round trips of the module's 768-byte chunks for 63 KB; each chunk is a statement the board
// compiles, about 3 KB of source). onProgress(sent, total) counts all bytes.
// Returns { files, bytes, modelPath }.
export async function sendLibrary(repl, { files, model, modelPath, onProgress, chunkBytes = 2048 } = {}) {
  const missing = LIBRARY_FILES.filter((f) => typeof files?.[f] !== 'string');
  if (missing.length) throw new BoardError(ErrorCode.PROTOCOL, `The MicroPython library is incomplete: ${missing.join(', ')} missing.`);
  if (!/^[A-Za-z0-9_.-]+$/.test(modelPath ?? '')) throw new BoardError(ErrorCode.PROTOCOL, `${JSON.stringify(modelPath)} is not a plain file name.`);
  const parts = [...LIBRARY_FILES.map((f) => [f, utf8.encode(files[f])]), [modelPath, model]];
  const total = parts.reduce((n, [, bytes]) => n + bytes.length, 0);
  let done = 0;
  for (const [path, bytes] of parts) {
    await repl.writeFile(path, bytes, { chunkBytes, onProgress: (n) => onProgress?.(done + n, total) });
    done += bytes.length;
  }
  return { files: [...LIBRARY_FILES], bytes: total, modelPath };
}

// Loads modelPath on the board with the library just sent (dropping cached copies of its
// modules) and returns its outputs for every row, as arrays of numbers.
export async function predictWithLibrary(repl, modelPath, rows, { batch = 8, onProgress } = {}) {
  const modules = ['neuralnetwork', ...LIBRARY_FILES.map((f) => f.replace(/\.py$/, ''))];
  await repl.exec(
    [
      'import sys',
      `for _m in ${JSON.stringify(modules)}:`,
      ' sys.modules.pop(_m, None)',
      'import neuralnetwork as _nn',
      `_ann = _nn.load(${pyString(modelPath)})`,
    ].join('\n'),
  );
  const results = [];
  for (let i = 0; i < rows.length; i += batch) {
    const part = rows.slice(i, i + batch);
    const literal = '(' + part.map((r) => '[' + r.map(pyNumber).join(',') + ']').join(',') + ',)';
    const out = await repl.exec(`for _r in ${literal}:\n print(' '.join(repr(_v) for _v in _ann.predict(_r)))`);
    const lines = out.replace(/\r/g, '').split('\n').filter((l) => l.length);
    if (lines.length !== part.length) throw new BoardError(ErrorCode.PROTOCOL, `Expected ${part.length} lines of outputs from the board, got ${lines.length}: ${JSON.stringify(out.slice(0, 200))}`);
    for (const l of lines) results.push(l.trim().split(/\s+/).map(parsePyFloat));
    onProgress?.(results.length, rows.length);
  }
  return results;
}
