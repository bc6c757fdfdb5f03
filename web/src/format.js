// Numbers as the page shows them: loss values and throughput.
export const fmtLoss = (v) => (v == null || !Number.isFinite(v) ? '–' : v < 1e-4 ? v.toExponential(3) : v.toPrecision(4));
export const fmtRate = (v) => (!Number.isFinite(v) ? '–' : v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : v.toFixed(0));
