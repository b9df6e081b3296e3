// Page behaviour that needs script (everything works without it): confirmation before consequential actions.
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
})();
