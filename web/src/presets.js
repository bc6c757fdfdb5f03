// Built-in data sets (bundled, so the page works offline).
import seed from '../../examples/seed.csv?raw';
import xor from '../../examples/xor.csv?raw';
import iris from '../../examples/iris.csv?raw';

export const PRESETS = {
  seed: { title: 'the seed example (3 inputs, 2 one-hot outputs)', csv: seed, inputs: 3 },
  xor: { title: 'XOR (2 inputs, 1 output)', csv: xor, inputs: 2 },
  iris: { title: "Fisher's Iris (4 measurements, 3 species)", csv: iris, inputs: 4 },
};
