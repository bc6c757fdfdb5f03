// The Arduino library of `dff export --format arduino`, built by tests/exports_arduino against
// Debian's Arduino AVR core (its example sketch and the library, linked for an Uno), runs on the
// simulated Uno (tests/avr_sim): the test types each data row into the example's Serial prompt
// and reads back the outputs and the class, which must match `dff predict` on the same model.
// Needs the release build (dff, dff-avr-sim, the examples); without it the tests skip, except
// under CI=true, where they fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAvrBoard, avrSimMissing } from './fixtures/board/avr-board.mjs';
import { findDff } from './fixtures/board/models.mjs';
import { ByteReader } from '../../web/src/board/byte-port.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const built = join(repo, 'build/release/tests/exports_arduino');
const dff = findDff();
const cases = [
  { dir: 'seed', library: 'Seed_Model', inputs: 3, rows: 8 },
  { dir: 'iris', library: 'iris', inputs: 4, rows: 24 },
];
const missing = avrSimMissing() ?? (!dff ? 'dff not built' : null) ?? (!existsSync(join(built, 'iris/iris.hex')) ? `the exported libraries are not built in ${built} (release build with gcc-avr and arduino-core-avr)` : null);
if (missing && process.env.CI === 'true') throw new Error(`${missing}; CI must run the Arduino library on the simulated Uno`);
const skip = missing ? `${missing}: skipped` : false;

const TOLERANCE = 1e-5; // the example prints 6 decimals

for (const c of cases) {
  test(`${c.library}: the exported library's example on an Uno answers every typed row as dff predict does`, { skip, timeout: 60000 }, async (t) => {
    const meta = JSON.parse(readFileSync(join(built, c.dir, `${c.library}.json`), 'utf8'));
    const csv = readFileSync(meta.csv, 'utf8').trim().split('\n').slice(1);
    const rows = csv.slice(0, c.rows).map((l) => l.split(',').slice(0, c.inputs).map(Number));
    const expected = execFileSync(dff, ['predict', meta.model, meta.csv], { encoding: 'utf8' }).trim().split('\n').slice(0, c.rows).map((l) => l.split(',').map(Number));
    const board = await startAvrBoard({ board: 'uno', app: meta.hex });
    try {
      const port = await board.connect();
      const reader = new ByteReader(port);
      const line = async () => new TextDecoder().decode(await reader.readUntil('\n', { timeoutMs: 5000, what: 'a line from the example' })).trim();
      assert.equal(await line(), `${c.library}: type ${c.inputs} numbers per line`);
      let worst = 0;
      for (let r = 0; r < rows.length; r++) {
        await port.write(new TextEncoder().encode(`${rows[r].join(', ')}\n`));
        const outputs = (await line()).split(', ').map(Number);
        const cls = (await line()).match(/^class (\d+) ?(.*)$/);
        assert.ok(cls, `row ${r}: a class line`);
        assert.equal(outputs.length, expected[r].length, `row ${r}: outputs`);
        outputs.forEach((v, k) => {
          const d = Math.abs(v - expected[r][k]);
          assert.ok(d <= TOLERANCE, `row ${r} output ${k}: board ${v}, dff ${expected[r][k]}`);
          worst = Math.max(worst, d);
        });
        const best = expected[r].indexOf(Math.max(...expected[r]));
        assert.equal(Number(cls[1]), best, `row ${r}: class`);
        if (c.dir === 'iris') assert.match(cls[2], /^Iris-(setosa|versicolor|virginica)$|^(setosa|versicolor|virginica)$/, `row ${r}: class name`);
      }
      t.diagnostic(`${c.library}: ${rows.length} rows, max |board - dff| = ${worst.toExponential(2)}`);
      reader.dispose();
      await port.close();
    } finally {
      await board.stop();
    }
  });
}
