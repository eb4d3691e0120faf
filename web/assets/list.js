// The list tab's script (web/region): it only enhances, the page works without it.
(function () {
  // The tooltip of "Omf. LMA / förvar fr.o.m.": Escape hides it until focus and pointer leave.
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    document.querySelectorAll('.lista-tooltip').forEach(function (t) { t.classList.add('lista-tooltip--dismissed'); });
  });
  function reset(e) {
    var t = e.target && e.target.closest ? e.target.closest('.lista-tooltip') : null;
    if (t && !(e.relatedTarget && t.contains(e.relatedTarget))) t.classList.remove('lista-tooltip--dismissed');
  }
  document.addEventListener('focusout', reset);
  document.addEventListener('mouseout', reset);
  // Refusals and bad input answer 400 with the Swedish message beside the field: show them.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var status = e.detail.xhr.status;
    if ((status === 400 || status === 409) && e.detail.elt.closest('[data-lista]')) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });
})();
