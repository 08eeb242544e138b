/* V.A cost table (offers/_cost_grid.html): rows added and removed in the page, rows pasted from a spreadsheet,
   arrow keys and Enter between cells, each row's total as one types, and a background save a moment after
   typing stops. The server stays the authority: it validates and saves, and its totals table (refreshed by
   htmx) is the calculation; the row totals here only echo unit cost × number of units.
   Without this script the table is a plain form with an "add rows" button. */
(function () {
  "use strict";

  var AUTOSAVE_DELAY_MS = 1500;
  var state = null; // the table on the page now (htmx swaps the section in after "Save")

  function grid() {
    return document.getElementById("costs-grid");
  }

  // --- amounts in the page's language ("1 234,50") -----------------------------------------------------------

  function parseAmount(text) {
    // Spaces (also no-break ones) group thousands; the last of "," and "." is the decimal mark.
    var value = String(text || "").replace(/[\s\u00a0\u202f']/g, "");
    var comma = value.lastIndexOf(","), dot = value.lastIndexOf(".");
    var mark = comma > dot ? "," : ".";
    value = value.split(mark === "," ? "." : ",").join("").replace(mark, ".");
    if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value)) {
      return null;
    }
    return Number(value);
  }

  function normaliseAmount(text, table) {
    // What the server's localised field reads: no grouping, the page's decimal mark; the server judges the rest.
    var number = parseAmount(text);
    if (number === null) {
      return String(text || "").trim();
    }
    return String(number).replace(".", table.dataset.decimal || ",");
  }

  function formatAmount(number, table) {
    var parts = number.toFixed(2).split(".");
    var sep = table.dataset.thousands || "";
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    return whole + (table.dataset.decimal || ",") + parts[1];
  }

  // --- rows ----------------------------------------------------------------------------------------------

  function rows(table) {
    return Array.prototype.filter.call(table.querySelectorAll("tbody tr[data-grid-row]"), function (tr) {
      return !tr.hidden;
    });
  }

  function cells(tr) {
    return Array.prototype.map.call(tr.querySelectorAll("td[data-grid-cell]"), function (td) {
      return td.querySelector("input, select, textarea");
    });
  }

  function columnOf(control) {
    var td = control.closest("td[data-grid-cell]");
    return Array.prototype.indexOf.call(td.parentNode.querySelectorAll("td[data-grid-cell]"), td);
  }

  function fieldName(control) {
    return control.name.replace(/^.*-\d+-/, "");
  }

  function isAmount(control) {
    return /^(unit_cost|quantity|year\d|value|grant)$/.test(fieldName(control));
  }

  function updateTotal(tr, table) {
    var unitCost = tr.querySelector("input[name$='-unit_cost']");
    var quantity = tr.querySelector("input[name$='-quantity']");
    var out = tr.querySelector("[data-line-total]");
    if (!unitCost || !quantity || !out) {
      return;
    }
    var a = parseAmount(unitCost.value), b = parseAmount(quantity.value);
    // In grosze, rounded half up as the server does.
    out.textContent = a === null || b === null ? "" : formatAmount(Math.round(a * b * 100 + 1e-6) / 100, table);
  }

  function renumber(table) {
    var format = table.dataset.labelFormat;
    rows(table).forEach(function (tr, index) {
      var n = String(index + 1);
      tr.querySelector("[data-grid-rowno]").textContent = n;
      tr.querySelectorAll("label[data-column]").forEach(function (label) {
        label.textContent = format.replace("__n__", n).replace("__column__", label.dataset.column);
      });
      var which = tr.querySelector("button[data-grid-remove-row] .visually-hidden");
      if (which) {
        which.textContent = " " + table.dataset.removeRow.replace("__n__", n);
      }
    });
  }

  function enhanceRow(tr, table) {
    var cell = tr.querySelector("td[data-grid-remove]");
    if (!cell || cell.querySelector("button[data-grid-remove-row]")) {
      return;
    }
    var checkbox = cell.querySelector("input[type=checkbox]");
    if (checkbox) {
      checkbox.hidden = true;
      var label = cell.querySelector("label[for='" + checkbox.id + "']");
      if (label) {
        label.hidden = true;
      }
      if (checkbox.checked) {
        tr.hidden = true; // removed before a failed save: stays removed
      }
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary";
    button.dataset.gridRemoveRow = "";
    button.textContent = table.dataset.removeText;
    var which = document.createElement("span");
    which.className = "visually-hidden"; // "Remove row 3" for a screen reader, "Remove" on the screen
    button.appendChild(which);
    cell.appendChild(button);
    updateTotal(tr, table);
  }

  function addRow(table) {
    var template = document.getElementById("costs-row-template");
    var total = document.getElementById("id_" + table.dataset.prefix + "-TOTAL_FORMS");
    var index = Number(total.value);
    var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__n__/g, String(index + 1));
    var holder = document.createElement("tbody");
    holder.innerHTML = html.trim();
    var tr = holder.querySelector("tr");
    table.querySelector("tbody[data-grid-body]").appendChild(tr);
    total.value = String(index + 1);
    enhanceRow(tr, table);
    renumber(table);
    return tr;
  }

  function removeRow(tr, table) {
    var visible = rows(table);
    var position = visible.indexOf(tr);
    var checkbox = tr.querySelector("td[data-grid-remove] input[type=checkbox]");
    if (checkbox) {
      checkbox.checked = true;
    }
    tr.hidden = true;
    announce(table.dataset.removedText.replace("__n__", String(position + 1)));
    renumber(table);
    var rest = rows(table);
    var next = rest[Math.min(position, rest.length - 1)];
    if (!next) {
      next = addRow(table);
    }
    cells(next)[0].focus();
    table.dispatchEvent(new Event("change", { bubbles: true })); // htmx's totals preview
    changed(table, true);
  }

  // --- keyboard ------------------------------------------------------------------------------------------

  function move(control, rowStep, columnStep, table) {
    var all = rows(table);
    var tr = control.closest("tr");
    var r = all.indexOf(tr) + rowStep;
    var c = columnOf(control) + columnStep;
    if (r >= all.length && rowStep > 0) {
      addRow(table);
      all = rows(table);
    }
    if (r < 0 || r >= all.length) {
      return false;
    }
    var targets = cells(all[r]);
    if (c < 0 || c >= targets.length) {
      return false;
    }
    targets[c].focus();
    if (targets[c].select && targets[c].tagName === "INPUT") {
      targets[c].select();
    }
    return true;
  }

  function onKeyDown(event) {
    var table = grid();
    var control = event.target;
    if (!table || !table.contains(control) || !control.closest("td[data-grid-cell]")) {
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var isSelect = control.tagName === "SELECT";
    var atStart = !isSelect && control.selectionStart === 0 && control.selectionEnd === 0;
    var atEnd = !isSelect && control.selectionStart === control.value.length && control.selectionEnd === control.value.length;
    var moved = false;
    if (event.key === "Enter") {
      moved = move(control, event.shiftKey ? -1 : 1, 0, table);
      event.preventDefault(); // Enter in a cell never submits the section: it goes down, as in a spreadsheet
    } else if (event.key === "ArrowDown" && !isSelect) {
      moved = move(control, 1, 0, table);
    } else if (event.key === "ArrowUp" && !isSelect) {
      moved = move(control, -1, 0, table);
    } else if (event.key === "ArrowLeft" && (isSelect || atStart)) {
      moved = move(control, 0, -1, table);
    } else if (event.key === "ArrowRight" && (isSelect || atEnd)) {
      moved = move(control, 0, 1, table);
    }
    if (moved) {
      event.preventDefault();
    }
  }

  // --- paste from a spreadsheet --------------------------------------------------------------------------

  function chooseOption(select, text) {
    var wanted = text.trim().toLowerCase();
    if (!wanted) {
      return true;
    }
    var options = Array.prototype.slice.call(select.options);
    var match = options.find(function (o) { return o.value.toLowerCase() === wanted || o.text.trim().toLowerCase() === wanted; }) ||
      options.find(function (o) { return o.value && o.text.trim().toLowerCase().endsWith(": " + wanted); }) ||
      options.find(function (o) { return o.value && o.text.trim().toLowerCase().indexOf(wanted) === 0; });
    if (match) {
      select.value = match.value;
      return true;
    }
    return false;
  }

  function onPaste(event) {
    var table = grid();
    var control = event.target;
    if (!table || !table.contains(control) || !control.closest("td[data-grid-cell]")) {
      return;
    }
    var text = (event.clipboardData || window.clipboardData).getData("text/plain") || "";
    text = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "");
    if (text.indexOf("\t") < 0 && text.indexOf("\n") < 0) {
      return; // one value: the browser pastes it into the cell
    }
    event.preventDefault();
    var lines = text.split("\n");
    var startRow = rows(table).indexOf(control.closest("tr"));
    var startColumn = columnOf(control);
    var unmatched = 0;
    lines.forEach(function (line, i) {
      var all = rows(table);
      var tr = all[startRow + i] || addRow(table);
      var targets = cells(tr);
      line.split("\t").forEach(function (value, j) {
        var target = targets[startColumn + j];
        if (!target) {
          return;
        }
        delete target.dataset.unmatched;
        if (target.tagName === "SELECT") {
          if (!chooseOption(target, value)) {
            target.dataset.unmatched = "";
            unmatched += 1;
          }
        } else {
          target.value = isAmount(target) ? normaliseAmount(value, table) : value.trim();
        }
      });
      updateTotal(tr, table);
    });
    if (unmatched) {
      announce(table.dataset.unmatchedText);
    }
    // One change for htmx's totals preview, and the background save.
    table.dispatchEvent(new Event("change", { bubbles: true }));
    changed(table, true);
  }

  // --- background save -----------------------------------------------------------------------------------

  function statusBox() {
    return document.querySelector("[data-grid-status]");
  }

  function announce(text) {
    var box = statusBox();
    if (box) {
      box.textContent = "";
      var p = document.createElement("p");
      p.textContent = text;
      box.appendChild(p);
    }
  }

  function changed(table, soon) {
    if (!state || state.table !== table || state.paused) {
      return;
    }
    state.dirty = true;
    clearTimeout(state.timer);
    state.timer = setTimeout(autosave, soon ? 300 : AUTOSAVE_DELAY_MS);
  }

  function autosave() {
    var current = state;
    if (!current || !current.dirty || current.paused) {
      return;
    }
    if (current.inFlight) {
      current.again = true;
      return;
    }
    var form = current.table.closest("form");
    if (!form || !document.body.contains(form)) {
      return;
    }
    current.dirty = false;
    current.inFlight = true;
    var data = new FormData(form);
    data.append("autosave", "1");
    var box = statusBox();
    if (box) {
      box.setAttribute("aria-busy", "true");
    }
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        current.failures = 0;
        applyStatus(current, html);
      })
      .catch(function () {
        // Offline or refused: try again later, and after a few failures leave it to "Save".
        current.dirty = true;
        current.failures = (current.failures || 0) + 1;
        if (current.failures >= 3 && current === state) {
          current.paused = true;
          announce(current.table.dataset.failedText);
        }
      })
      .then(function () {
        current.inFlight = false;
        if (box) {
          box.removeAttribute("aria-busy");
        }
        var waiting = current.waiting;
        current.waiting = [];
        waiting.forEach(function (go) { go(); });
        if (current === state && !current.paused && (current.again || current.dirty) && !waiting.length) {
          current.again = false;
          clearTimeout(current.timer);
          current.timer = setTimeout(autosave, AUTOSAVE_DELAY_MS);
        }
      });
  }

  function applyStatus(current, html) {
    if (current !== state) {
      return; // the section was swapped in again meanwhile
    }
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var answer = holder.content.querySelector("[data-autosave]");
    if (!answer) {
      return;
    }
    var form = current.table.closest("form");
    if (answer.dataset.version) {
      var version = form.querySelector("input[name='section-version']");
      if (version) {
        version.value = answer.dataset.version;
      }
    }
    answer.querySelectorAll("input[data-id-for]").forEach(function (input) {
      var target = document.getElementById(input.dataset.idFor);
      if (target) {
        target.value = input.value;
      }
      input.remove();
    });
    current.table.querySelectorAll("[data-autosave-invalid]").forEach(function (control) {
      control.removeAttribute("aria-invalid");
      delete control.dataset.autosaveInvalid;
    });
    answer.querySelectorAll("[data-invalid]").forEach(function (link) {
      var control = document.getElementById(link.dataset.invalid);
      if (control && !control.hasAttribute("aria-invalid")) {
        control.setAttribute("aria-invalid", "true");
        control.dataset.autosaveInvalid = "";
      }
    });
    if (answer.dataset.state === "conflict" || answer.dataset.state === "closed") {
      current.paused = true; // nothing more in the background: "Save" shows what happened
    }
    var box = statusBox();
    if (box) {
      box.replaceChildren.apply(box, Array.prototype.slice.call(answer.childNodes));
    }
  }

  // "Save" (htmx) waits for a background save on its way, so that both do not send the same version.
  function onConfirm(event) {
    var current = state;
    if (!current || !current.table.closest("form") || event.detail.elt !== current.table.closest("form")) {
      return;
    }
    clearTimeout(current.timer);
    current.dirty = false;
    if (current.inFlight) {
      event.preventDefault();
      current.waiting.push(function () { event.detail.issueRequest(true); });
    }
  }

  // --- set up --------------------------------------------------------------------------------------------

  function setUp() {
    var table = grid();
    if (!table || (state && state.table === table)) {
      return;
    }
    if (state) {
      clearTimeout(state.timer);
    }
    state = { table: table, dirty: false, inFlight: false, again: false, paused: false, timer: null, waiting: [] };
    var form = table.closest("form");
    var editable = !table.closest("fieldset[disabled]");
    form.querySelectorAll("[data-grid-no-js]").forEach(function (el) { el.hidden = true; });
    form.querySelectorAll("[data-grid-add], [data-grid-help]").forEach(function (el) { el.hidden = !editable; });
    if (!editable) {
      state.paused = true;
      return;
    }
    rows(table).forEach(function (tr) { enhanceRow(tr, table); });
    table.querySelectorAll("tbody tr[data-grid-row]").forEach(function (tr) {
      var checkbox = tr.querySelector("td[data-grid-remove] input[type=checkbox]");
      if (checkbox && checkbox.checked) {
        tr.hidden = true;
      }
    });
    renumber(table);
  }

  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("paste", onPaste);
  document.addEventListener("input", function (event) {
    var table = grid();
    if (table && table.contains(event.target)) {
      var tr = event.target.closest("tr[data-grid-row]");
      if (tr) {
        updateTotal(tr, table);
      }
      delete event.target.dataset.unmatched;
      changed(table, false);
    }
  });
  document.addEventListener("change", function (event) {
    var table = grid();
    if (table && table.contains(event.target) && event.target !== table) {
      changed(table, false);
    }
  });
  document.addEventListener("focusout", function (event) {
    var table = grid();
    if (table && table.contains(event.target) && !(event.relatedTarget && table.contains(event.relatedTarget))) {
      if (state && state.table === table && state.dirty) {
        clearTimeout(state.timer);
        state.timer = setTimeout(autosave, 0); // leaving the table saves at once
      }
    }
  });
  document.addEventListener("click", function (event) {
    var table = grid();
    if (!table) {
      return;
    }
    var remove = event.target.closest("button[data-grid-remove-row]");
    if (remove && table.contains(remove)) {
      removeRow(remove.closest("tr"), table);
      return;
    }
    var add = event.target.closest("button[data-grid-add]");
    if (add && table.closest("form").contains(add)) {
      var tr = addRow(table);
      cells(tr)[0].focus();
    }
  });
  document.addEventListener("htmx:confirm", onConfirm);
  document.addEventListener("htmx:load", setUp);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
