// The caps the page applies to what it reads, in one place: the core's (dff.rules.limits:
// columns, class labels, name length, layer widths, hidden layers) and the page's own, for
// what only the page reads (texts it holds in memory, share links). docs/limits.md lists
// every reader and what it does at each cap.
export const PAGE_LIMITS = Object.freeze({
  // A CSV text (opened, dropped, pasted) or a stored table, in characters: the page holds
  // the table twice (page and worker), about 40 bytes per cell each.
  maxCsvChars: 32 * 1024 * 1024,
  // A share link's "#s=..." part; longer links are refused before anything is decoded.
  maxShareChars: 8000,
  // What a share link may inflate to (JSON bytes): a deflated link cannot grow past this.
  maxSharedJsonBytes: 256 * 1024,
  // The CSV text box shows tables up to this many characters (larger ones: the grid only).
  maxTextBoxChars: 1024 * 1024,
  // Loss points kept with a session.
  maxHistory: 2000,
});

// The caps for the core's rules (dff.rules.limits) and the page's own.
export function pageCaps(limits) {
  return {
    ...PAGE_LIMITS,
    maxColumns: limits.maxColumns,
    maxNameBytes: limits.maxNameBytes,
    maxHiddenLayers: limits.maxHiddenLayers,
    maxChars: PAGE_LIMITS.maxCsvChars,
  };
}
