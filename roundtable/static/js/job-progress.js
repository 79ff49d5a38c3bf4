// A job the task worker runs (an invitation import, a ZIP of letters) on its
// admin page: its counts, asked for every two seconds while it runs; the page
// reloads when the job ends, for its summary or its download.
//
// The element with data-job-status-url names the address of the job's JSON.
// Each element inside it with data-done and data-total names two of that JSON's
// keys and shows "done of total"; a <progress> takes them as value and maximum.
(() => {
  const root = document.querySelector("[data-job-status-url]");
  if (!root) return;
  const counts = root.querySelectorAll("[data-done][data-total]");
  const show = (job) => {
    for (const element of counts) {
      const done = job[element.dataset.done];
      const total = job[element.dataset.total];
      if (element instanceof HTMLProgressElement) {
        element.max = Math.max(total, 1);
        element.value = done;
      }
      element.textContent = `${done} of ${total}`;
    }
  };
  const poll = async () => {
    try {
      const response = await fetch(root.dataset.jobStatusUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        const job = await response.json();
        show(job);
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
