// The check-in desk, enhanced where the browser can:
// - the day's counts refresh every 20 seconds (the page shows them on each load);
// - "Scan with camera" appears only where the browser reads QR codes itself
//   (BarcodeDetector) and may use a camera; a scanned code fills the pass
//   field and is sent. Elsewhere the typed code is the way.
(function () {
  "use strict";

  var COUNTS_EVERY = 20000;

  function refreshCounts(counts) {
    var url = counts.getAttribute("data-counts-url");
    if (!url || document.hidden) {
      return;
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.text && counts.textContent !== data.text) {
          counts.textContent = data.text;
        }
      })
      .catch(function () {
        // Offline for a moment: the next refresh or a reload shows the counts.
      });
  }

  function setUpCounts() {
    var counts = document.getElementById("check-in-counts");
    if (counts && window.fetch) {
      window.setInterval(function () {
        refreshCounts(counts);
      }, COUNTS_EVERY);
    }
  }

  function canScan() {
    return (
      "BarcodeDetector" in window &&
      navigator.mediaDevices &&
      typeof navigator.mediaDevices.getUserMedia === "function"
    );
  }

  function setUpScan() {
    var button = document.getElementById("check-in-scan");
    var form = document.getElementById("check-in-by-code");
    if (!button || !form || !canScan()) {
      return;
    }
    var field = form.querySelector("input[name=code]");
    var camera = document.getElementById("check-in-camera");
    var video = document.getElementById("check-in-video");
    var stop = document.getElementById("check-in-scan-stop");
    var status = document.getElementById("check-in-scan-status");
    var stream = null;
    var detector = null;

    function say(text) {
      status.textContent = text;
    }

    function stopCamera() {
      if (stream) {
        stream.getTracks().forEach(function (track) {
          track.stop();
        });
      }
      stream = null;
      video.srcObject = null;
      camera.hidden = true;
      button.hidden = false;
    }

    function look() {
      if (!stream) {
        return;
      }
      detector
        .detect(video)
        .then(function (codes) {
          var code = codes.length ? codes[0].rawValue : "";
          if (code) {
            field.value = code;
            stopCamera();
            say("Pass read: checking in…");
            form.submit();
          } else {
            window.setTimeout(look, 250);
          }
        })
        .catch(function () {
          window.setTimeout(look, 250);
        });
    }

    function start() {
      say("");
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (mediaStream) {
          stream = mediaStream;
          video.srcObject = stream;
          camera.hidden = false;
          button.hidden = true;
          say("Camera on: hold the pass's QR code in front of it.");
          return video.play();
        })
        .then(look)
        .catch(function () {
          stopCamera();
          say("The camera could not be started: type the code instead.");
          field.focus();
        });
    }

    Promise.resolve(
      window.BarcodeDetector.getSupportedFormats
        ? window.BarcodeDetector.getSupportedFormats()
        : ["qr_code"]
    )
      .then(function (formats) {
        if (formats.indexOf("qr_code") === -1) {
          return;
        }
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        button.hidden = false;
        button.addEventListener("click", start);
        stop.addEventListener("click", function () {
          stopCamera();
          say("Camera off.");
          button.focus();
        });
      })
      .catch(function () {
        // No QR codes from this browser: the typed code is the way.
      });
  }

  setUpCounts();
  setUpScan();
})();
