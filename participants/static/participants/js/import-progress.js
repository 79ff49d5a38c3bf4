// An invitation import's progress page: the counts, asked for every two
// seconds while the worker runs; the page reloads for its summary at the end.
(() => {
  const root = document.getElementById("import-job");
  if (!root || root.dataset.finished === "true") return;
  const set = (id, value, max) => {
    const bar = document.getElementById(id);
    bar.max = Math.max(max, 1);
    bar.value = value;
    bar.textContent = `${value} of ${max}`;
    document.getElementById(`${id}-text`).textContent = `${value} of ${max}`;
  };
  const poll = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        const job = await response.json();
        set("import-rows", job.done_rows, job.total_rows);
        set("import-emails", job.emailed, job.invited);
        if (job.finished) {
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
