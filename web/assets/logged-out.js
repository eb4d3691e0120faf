// The logged-out page: forget anything htmx may have kept of the session's pages (names,
// HSA-ids, e-mail addresses) in this tab's sessionStorage. The cache is off (historyCacheSize 0),
// so this only clears what an older page version left behind.
try {
  sessionStorage.removeItem('htmx-history-cache');
} catch {
  // storage disabled: nothing was kept
}
