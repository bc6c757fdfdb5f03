// Pushing the MicroPython library (micropython/) with a model to a board
// (web/src/board/micropython-library.js) over the raw REPL of the real MicroPython WebAssembly
// port (fixtures/board/micropython-board.mjs): the board then loads the model with the
// library, predicts like dff, goes on training on rows it is given and saves the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createMicroPythonBoard } from './fixtures/board/micropython-board.mjs';
import { loadModel } from './fixtures/board/models.mjs';
import { RawRepl } from '../../web/src/board/raw-repl.js';
import { ErrorCode } from '../../web/src/board/errors.js';
import { LIBRARY_FILES, predictWithLibrary, sendLibrary } from '../../web/src/board/micropython-library.js';

const TOLERANCE = 1e-5;
const files = Object.fromEntries(LIBRARY_FILES.map((f) => [f, readFileSync(new URL(`../../micropython/${f}`, import.meta.url), 'utf8')]));

async function connect(board) {
  const repl = new RawRepl(board.connect(), { timeoutMs: 10000 });
  await repl.enter();
  return repl;
}

test('the library and a model go to the board, which predicts like dff and keeps training', { timeout: 180000 }, async (t) => {
  const model = loadModel('seed_a');
  const board = await createMicroPythonBoard();
  const repl = await connect(board);
  const progress = [];
  const sent = await sendLibrary(repl, { files, model: model.blob, modelPath: 'seed_a.blob', onProgress: (n, total) => progress.push([n, total]) });
  const total = LIBRARY_FILES.reduce((n, f) => n + Buffer.byteLength(files[f]), 0) + model.blob.length;
  assert.deepEqual(sent, { files: [...LIBRARY_FILES], bytes: total, modelPath: 'seed_a.blob' });
  assert.deepEqual(progress.at(-1), [total, total]);
  assert.ok(progress.every(([n], i) => i === 0 || n >= progress[i - 1][0]), 'progress never goes back');
  for (const f of LIBRARY_FILES) assert.equal(Buffer.from(board.readFile(f)).toString('utf8'), files[f], `${f} on the board`);
  assert.deepEqual(Buffer.from(board.readFile('seed_a.blob')), Buffer.from(model.blob));

  const outputs = await predictWithLibrary(repl, 'seed_a.blob', model.rows);
  let worst = 0;
  outputs.forEach((row, i) => row.forEach((v, j) => {
    const d = Math.abs(v - model.expected[i][j]);
    assert.ok(d <= TOLERANCE, `row ${i} output ${j}: board ${v}, dff ${model.expected[i][j]}`);
    worst = Math.max(worst, d);
  }));

  // The board goes on training on rows it collected, saves, and the saved model loads again.
  const out = await repl.exec([
    'import neuralnetwork as nn',
    "ann = nn.load('seed_a.blob')",
    'before = ann.evaluate([[0, 0, 1], [1, 1, 0]], [[0, 1], [0, 1]])',
    'for _ in range(50):',
    ' ann.train([[0, 0, 1], [1, 1, 0]], [[0, 1], [0, 1]])',
    'after = ann.evaluate([[0, 0, 1], [1, 1, 0]], [[0, 1], [0, 1]])',
    "ann.save('seed_a.blob')",
    "again = nn.load('seed_a.blob')",
    'print(after < before, again.weights == ann.weights, ann.optimizer, ann.layers)',
  ].join('\n'));
  assert.equal(out.trim(), `True True ${JSON.parse(model.json).training.optimizer} (3, ${JSON.parse(model.json).topology.slice(1).join(', ')})`);
  const saved = Buffer.from(board.readFile('seed_a.blob'));
  assert.equal(saved.subarray(0, 4).toString(), 'DFFB', 'the board saved a blob');
  assert.equal(board.exists('seed_a.blob.tmp'), false, 'no temporary file left');
  t.diagnostic(`${total} bytes sent (library ${total - model.blob.length}, model ${model.blob.length}); max |board - dff| ${worst.toExponential(2)}`);
  await repl.exit();
});

test('predicting through the library on a board without it says what is missing', async () => {
  const model = loadModel('seed_a');
  const board = await createMicroPythonBoard();
  const repl = await connect(board);
  await assert.rejects(predictWithLibrary(repl, 'seed_a.blob', model.rows), (e) => e.code === ErrorCode.BOARD_EXCEPTION && /ImportError: no module named 'neuralnetwork'/.test(e.message));
  await assert.rejects(sendLibrary(repl, { files: { 'matrix.py': '' }, model: model.blob, modelPath: 'seed_a.blob' }), /dff_formats\.py, dff_kernels\.py, dff_codegen\.py, neuralnetwork\.py missing/);
  await assert.rejects(sendLibrary(repl, { files, model: model.blob, modelPath: '../x.blob' }), /not a plain file name/);
  assert.equal(board.exists('matrix.py'), false, 'nothing was written');
});
