// Opening files: a CSV becomes the data set, a JSON or binary model becomes the model;
// from the file pickers or dropped anywhere on the page.

// open: { csv(text, name), model(bytes, name) }
export async function openFile(file, open) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const head = new TextDecoder().decode(bytes.subarray(0, 200)).trimStart();
  if (/\.bin$/i.test(file.name) || /^\{/.test(head)) return open.model(bytes, file.name);
  return open.csv(new TextDecoder().decode(bytes), file.name);
}

// Shows `overlay` while files are dragged over the page and opens the one dropped.
export function acceptDroppedFiles(overlay, open) {
  let depth = 0;
  document.addEventListener('dragenter', (e) => {
    if (![...(e.dataTransfer?.types ?? [])].includes('Files')) return;
    depth += 1;
    overlay.classList.add('on');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.classList.remove('on');
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    overlay.classList.remove('on');
    const f = e.dataTransfer?.files?.[0];
    if (f) openFile(f, open);
  });
}
