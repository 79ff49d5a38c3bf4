// Copy buttons on reports: a policy pointer's address, or the citation.
// Without JavaScript the buttons stay hidden and the plain links still work.
(function () {
  if (!navigator.clipboard) return;
  function confirm(button, text) {
    var original = button.textContent;
    button.textContent = text;
    setTimeout(function () { button.textContent = original; }, 2000);
  }
  document.querySelectorAll("[data-copy-link], [data-copy-text]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var value;
      if (button.dataset.copyLink) {
        value = location.origin + location.pathname + button.dataset.copyLink;
      } else {
        value = document.querySelector(button.dataset.copyText).textContent.trim();
      }
      navigator.clipboard.writeText(value).then(
        function () { confirm(button, "Copied"); },
        function () { confirm(button, "Could not copy"); }
      );
    });
  });
})();
