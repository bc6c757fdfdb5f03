// Numbers as the page shows them: loss values and throughput.

// A loss: 0 as "0", tiny values as "1.23e-5", large ones as whole numbers, else 4 digits.
export const fmtLoss = (v) => {
  if (v == null || !Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-4) return v.toExponential(2).replace('e-0', 'e-');
  if (a >= 1e9) return v.toExponential(3).replace('e+', 'e');
  if (a >= 1e4) return String(Math.round(v));
  return String(+v.toPrecision(4));
};

export const fmtRate = (v) => (!Number.isFinite(v) ? '–' : v >= 1e6 ? `${(v / 1e6).toFixed(2)} M` : v >= 1e3 ? `${(v / 1e3).toFixed(1)} k` : v.toFixed(0));
