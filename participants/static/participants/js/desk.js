// The event desk's check-in counts, refreshed while the event is on.
// Without JavaScript the counts are those of the page's last load.
(() => {
  const region = document.getElementById("desk-check-in");
  if (!region || !region.dataset.refreshUrl) return;
  const seconds = Number(region.dataset.refreshSeconds) || 30;
  const refresh = async () => {
    if (document.hidden) return;
    try {
      const response = await fetch(region.dataset.refreshUrl, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
      if (response.ok) region.innerHTML = await response.text();
    } catch {
      // Offline for a moment: the next round tries again.
    }
  };
  window.setInterval(refresh, seconds * 1000);
})();
