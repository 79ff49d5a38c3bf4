// A ZIP of letters or certificates being made by the worker: the count,
// asked for every two seconds; the page reloads for its download link.
(() => {
  const root = document.getElementById("letter-bundle");
  if (!root) return;
  const bar = document.getElementById("letter-bundle-progress");
  const count = document.getElementById("letter-bundle-count");
  const poll = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        const bundle = await response.json();
        bar.max = Math.max(bundle.total, 1);
        bar.value = bundle.done;
        count.textContent = `${bundle.done} of ${bundle.total}`;
        if (bundle.finished) {
          window.location.reload();
          return;
        }
      }
    } catch {
      // A moment offline: try again on the next round.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
})();
