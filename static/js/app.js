// Page behaviour that needs script (everything works without it): confirmation before consequential actions,
// buttons that cannot be pressed twice, and a lost session that loses no typing.
// Loaded as an external file because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  // A plain form (htmx forms use hx-confirm) with data-confirm asks before it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  /* ---- Submit buttons wait for their answer ------------------------------------------------------------------ */
  // A form that changes something (POST) disables its submit buttons until the answer arrives, so a second press
  // cannot send it twice. Plain forms leave the page; the buttons come back if the browser returns to it.
  var BUSY_TIMEOUT_MS = 15000;

  function submitButtons(form) {
    var inside = Array.prototype.slice.call(form.querySelectorAll("button:not([type]), button[type=submit], input[type=submit]"));
    var outside = form.id ? Array.prototype.slice.call(document.querySelectorAll("[form='" + form.id + "'][type=submit]")) : [];
    return inside.concat(outside);
  }

  function setBusy(form, busy) {
    submitButtons(form).forEach(function (button) {
      if (busy) {
        if (!button.disabled) { button.disabled = true; button.dataset.busy = "1"; }
      } else if (button.dataset.busy) {
        button.disabled = false;
        delete button.dataset.busy;
      }
    });
    if (busy) { form.setAttribute("aria-busy", "true"); } else { form.removeAttribute("aria-busy"); }
  }

  function isPost(form) {
    return (form.getAttribute("method") || "get").toLowerCase() === "post" || form.hasAttribute("hx-post");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !isPost(form) || form.hasAttribute("hx-post")) { return; }
    rememberPending(form);
    // After the browser has collected the form's data (a disabled button would not be sent with it).
    window.setTimeout(function () { setBusy(form, true); }, 0);
    window.setTimeout(function () { setBusy(form, false); }, BUSY_TIMEOUT_MS);
  });
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[aria-busy]"), function (form) { setBusy(form, false); });
  });

  function requestForm(detail) {
    var elt = detail.elt;
    if (!elt || !detail.requestConfig || detail.requestConfig.verb === "get") { return null; }
    return elt.tagName === "FORM" ? elt : elt.closest("form");
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = requestForm(event.detail);
    if (form) { setBusy(form, true); }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = requestForm(event.detail);
    if (form && form.isConnected) { setBusy(form, false); }
  });

  /* ---- A session that ended keeps what was typed ------------------------------------------------------------- */
  // The values of a form being sent are noted in sessionStorage. If the answer is the sign-in page (a plain form)
  // or 401 (htmx), they are kept, and put back into the same form once the person is signed in and on the page
  // again (a form htmx had loaded into the page is loaded again first).
  var PENDING = "tracker.pending";
  var KEPT = "tracker.kept";
  var KEEP_FOR_MS = 60 * 60 * 1000;
  var TYPED = "textarea, input[type=text], input[type=url], input[type=email], input[type=number], input[type=date], input:not([type])";
  var loadedFrom = {};  // id of an element htmx swapped in -> the address it was loaded from

  function storage() {
    try { return window.sessionStorage; } catch (error) { return null; }
  }
  function read(key) {
    var store = storage();
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(key) || "null"); } catch (error) { return null; }
  }
  function write(key, value) {
    var store = storage();
    if (!store) { return; }
    try {
      if (value === null) { store.removeItem(key); } else { store.setItem(key, JSON.stringify(value)); }
    } catch (error) { /* full or switched off: nothing is kept */ }
  }

  function formAddress(form) {
    return form.getAttribute("hx-post") || form.getAttribute("action") || "";
  }

  function snapshot(form) {
    if (form.hasAttribute("data-sign-in")) { return null; }
    var typed = Array.prototype.some.call(form.querySelectorAll(TYPED), function (field) { return field.value !== ""; });
    if (!typed) { return null; }
    var values = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.name === "csrfmiddlewaretoken") { return; }
      if (field.type === "password" || field.type === "file" || field.type === "submit" || field.type === "button") { return; }
      if ((field.type === "checkbox" || field.type === "radio") && !field.checked) { return; }
      if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.selectedOptions, function (option) { values.push([field.name, option.value]); });
        return;
      }
      values.push([field.name, field.value]);
    });
    var container = null;
    for (var node = form; node && node !== document.body; node = node.parentElement) {
      if (node.id && loadedFrom[node.id]) { container = node.id; break; }
    }
    return {
      page: window.location.pathname + window.location.search,
      action: formAddress(form),
      values: values,
      container: container,
      loader: container ? loadedFrom[container] : null,
      at: Date.now()
    };
  }

  function rememberPending(form) {
    var noted = snapshot(form);
    if (noted) { write(PENDING, noted); }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (detail.requestConfig && detail.requestConfig.verb === "get" && detail.target && detail.target.id) {
      loadedFrom[detail.target.id] = detail.requestConfig.path;
    }
  });

  function showSignedOut(login) {
    if (document.getElementById("signed-out")) { return; }
    var template = document.getElementById("signed-out-template");
    if (!template) { window.location.assign(login); return; }
    var prompt = template.content.firstElementChild.cloneNode(true);
    prompt.id = "signed-out";
    prompt.querySelector("a").setAttribute("href", login);
    document.body.insertBefore(prompt, document.body.firstChild);
    prompt.querySelector("a").focus();
  }

  // Any other failed htmx request says so (htmx itself swaps nothing for 403, 404, 5xx or a lost connection), and
  // the buttons are usable again; what was typed stays in the form.
  function showTrouble(templateId) {
    var old = document.getElementById("request-trouble");
    if (old) { old.remove(); }
    var template = document.getElementById(templateId);
    if (!template) { return; }
    var note = template.content.firstElementChild.cloneNode(true);
    note.id = "request-trouble";
    var main = document.getElementById("content");
    main.insertBefore(note, main.firstChild);
  }
  document.addEventListener("htmx:sendError", function () { showTrouble("unreachable-template"); });

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status !== 401) { showTrouble("refused-template"); return; }
    if (!xhr) { return; }
    var form = requestForm(event.detail);
    var noted = form ? snapshot(form) : null;
    if (noted) { write(KEPT, noted); }
    var login = xhr.getResponseHeader("X-Sign-In") ||
      ("/accounts/login/?next=" + encodeURIComponent(window.location.pathname + window.location.search));
    showSignedOut(login);
  });

  function formFor(kept) {
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i += 1) {
      if (formAddress(forms[i]) === kept.action) { return forms[i]; }
    }
    return null;
  }

  function fill(form, kept) {
    var byName = {};
    kept.values.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Object.keys(byName).forEach(function (name) {
      var wanted = byName[name];
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']"), function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = wanted.indexOf(field.value) !== -1;
        } else if (field.tagName === "SELECT") {
          Array.prototype.forEach.call(field.options, function (option) { option.selected = wanted.indexOf(option.value) !== -1; });
        } else if (field.type !== "hidden" && field.type !== "file" && field.type !== "password") {
          field.value = wanted[0];
        }
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    for (var node = form.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    var template = document.getElementById("restored-template");
    if (template) { form.insertBefore(template.content.firstElementChild.cloneNode(true), form.firstChild); }
    var first = form.querySelector(TYPED);
    if (first) { first.focus(); }
  }

  function restore() {
    var kept = read(KEPT);
    if (!kept) { return; }
    if (Date.now() - kept.at > KEEP_FOR_MS) { write(KEPT, null); return; }
    if (kept.page !== window.location.pathname + window.location.search && kept.page.split("?")[0] !== window.location.pathname) { return; }
    var form = formFor(kept);
    if (form) { write(KEPT, null); fill(form, kept); return; }
    var container = kept.container && document.getElementById(kept.container);
    if (container && kept.loader && window.htmx) {
      write(KEPT, null);
      window.htmx.ajax("GET", kept.loader, { target: "#" + kept.container, swap: "outerHTML" }).then(function () {
        var loaded = formFor(kept);
        if (loaded) { fill(loaded, kept); }
      });
    }
  }

  /* ---- Tables on phones ------------------------------------------------------------------------------------- */
  // A table shown as cards on a phone names each cell by its column (data-label, from the header row, unless the
  // template set one); a table that scrolls inside its box can be reached and scrolled with the keyboard.
  function labelTables(root) {
    Array.prototype.forEach.call(root.querySelectorAll(".table-wrap > table"), function (table) {
      var headRow = table.tHead && table.tHead.rows[0];
      if (!headRow) { return; }
      var names = [];
      Array.prototype.forEach.call(headRow.cells, function (cell) {
        for (var span = 0; span < (cell.colSpan || 1); span += 1) { names.push(cell.textContent.trim()); }
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            if (!cell.hasAttribute("data-label") && names[column] !== undefined) { cell.setAttribute("data-label", names[column]); }
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }
  function reachScrolling() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    labelTables(document);
    reachScrolling();
  });
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(reachScrolling, 150);
  });

  function onLoad() {
    labelTables(document);
    reachScrolling();
    var pending = read(PENDING);
    write(PENDING, null);
    if (document.querySelector("[data-sign-in]")) {
      // The form was answered with the sign-in page: its session had ended. Keep what was typed.
      if (pending && Date.now() - pending.at < KEEP_FOR_MS) { write(KEPT, pending); }
      return;
    }
    restore();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onLoad);
  } else {
    onLoad();
  }
})();
