// A short note at the bottom of the page ("Loaded Iris", "Share link copied").
const SHOW_MS = 2600;
let timer = 0;

export function showToast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => (t.hidden = true), SHOW_MS);
}
