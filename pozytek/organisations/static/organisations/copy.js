/* "Copy" buttons for numbers, as progressive enhancement.
 *
 * The page renders <button type="button" data-copy="0000123456" hidden> next to the number
 * itself (plain, selectable text), and one live region marked [data-copy-status] with the
 * messages to announce in data-copied and data-failed (translated on the server). Without
 * JavaScript the buttons stay hidden; with it they are shown and copy to the clipboard.
 */
(function () {
  "use strict";

  var status = document.querySelector("[data-copy-status]");
  var buttons = document.querySelectorAll("button[data-copy]");
  if (!status || !buttons.length) {
    return;
  }
  var timer = null;

  function announce(message) {
    // Empty the region first so that the same message is announced again on the next click.
    status.textContent = "";
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      status.textContent = message;
    }, 100);
  }

  function copyBySelection(button) {
    // Older browsers, or no clipboard permission: select the number next to the button and copy it.
    var cell = button.parentNode;
    var number = cell && cell.querySelector("[data-krs]");
    if (!number || !document.execCommand) {
      return false;
    }
    var range = document.createRange();
    range.selectNodeContents(number);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  function copy(button) {
    var text = button.getAttribute("data-copy");
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyBySelection(button); }
      );
    }
    return Promise.resolve(copyBySelection(button));
  }

  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button).then(function (copied) {
        announce(status.getAttribute(copied ? "data-copied" : "data-failed"));
      });
    });
  });
})();
