// Opening files: a CSV becomes the data set, a JSON or binary model becomes the model;
// from the file pickers or dropped anywhere on the page. A CSV file goes to the worker
// as it is (a File), so the page never decodes a large text on its main thread.

// open: { csv(file, name), model(bytes, name) }
export async function openFile(file, open) {
  const head = new TextDecoder().decode(new Uint8Array(await file.slice(0, 200).arrayBuffer())).trimStart();
  if (/\.bin$/i.test(file.name) || /^\{/.test(head)) return open.model(new Uint8Array(await file.arrayBuffer()), file.name);
  return open.csv(file, file.name);
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
