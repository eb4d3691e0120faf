// The application page's selection: "Alla" selects every item of the page; the panel counts the selected.
(() => {
  const all = document.getElementById('valj-alla');
  if (!all) return;
  const boxes = () => [...document.querySelectorAll('input[name="valda"][form="massbeslut"]')];
  const count = document.getElementById('massbeslut-valda');
  const update = () => {
    const b = boxes();
    const n = b.filter((x) => x.checked).length;
    all.checked = n > 0 && n === b.length;
    all.indeterminate = n > 0 && n < b.length;
    if (count) count.textContent = n === 0 ? 'Inga valda på sidan.' : n.toLocaleString('sv-SE') + ' valda på sidan.';
  };
  all.closest('.officer-items__all').hidden = false;
  document.querySelector('.officer-items__all-fallback')?.remove();
  all.addEventListener('change', () => { for (const b of boxes()) b.checked = all.checked; update(); });
  document.addEventListener('change', (e) => { if (e.target instanceof HTMLInputElement && e.target.name === 'valda') update(); });
  update();
})();
