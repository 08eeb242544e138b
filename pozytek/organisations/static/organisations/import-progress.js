/* Progress of a background import: polls the job's JSON status and updates the <progress> bar.
   Without JavaScript the page offers a "Refresh" link instead. */
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status]");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-import-status");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-import-label]");
  var state = box.querySelector("[data-import-state]");

  function show(status) {
    bar.max = status.total || 1;
    bar.value = status.processed;
    bar.textContent = status.percent + "%";
    label.textContent = status.label;
    if (state.textContent !== status.state_label) {
      state.textContent = status.state_label;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.active) {
          window.setTimeout(poll, 2000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }

  window.setTimeout(poll, 2000);
})();
