// The worker's side of the decision map: the model's answer, or one layer's activations,
// over the map's grid, each from one call to the core (model.predict + model.classifyRows,
// or model.activations).
import { gridRows } from './decision-map-grid.js';

const MAX_GRID = 256;

// getModel(): the worker's current model (or null).
export function mapGridOps(getModel) {
  return {
    // plane: { base (a row of raw inputs), axes: [ax, ay], x0, x1, y0, y1, n }; layer: 0 for
    // the outputs (and each point's class with several outputs), else a weight layer (1..)
    // whose outputs to return. -> { n, width, values, classes, ms (the worker's time on it) }
    mapGrid({ layer = 0, ...plane }) {
      const model = getModel();
      if (!model) throw new Error('No model yet: train one or open a model file.');
      const t0 = performance.now();
      const n = Math.max(2, Math.min(MAX_GRID, Math.round(plane.n)));
      const rows = gridRows({ ...plane, base: Float32Array.from(plane.base), n });
      if (layer > 0) {
        const values = model.activations(rows, layer);
        return { n, width: values.length / (n * n), values, classes: null, ms: performance.now() - t0 };
      }
      const values = model.predict(rows);
      const width = values.length / (n * n);
      const classes = width > 1 ? model.classifyRows(rows) : null;
      return { n, width, values, classes, ms: performance.now() - t0 };
    },
  };
}
