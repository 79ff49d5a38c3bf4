// Copy buttons: a report's policy pointer address or citation, a personal
// calendar address. Without JavaScript the buttons stay hidden; the links and
// the text to select by hand are still there.
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
        var source = document.querySelector(button.dataset.copyText);
        value = (source.value !== undefined ? source.value : source.textContent).trim();
      }
      navigator.clipboard.writeText(value).then(
        function () { confirm(button, "Copied"); },
        function () { confirm(button, "Could not copy"); }
      );
    });
  });
})();
