/* Keyboard shortcuts for the moderators' queue and case page (served from the site: CSP script-src 'self').
 *
 * Queue:     j / k move the selection, Enter or o opens it, x ticks it for bulk dismissal, n opens the next case.
 * Case page: n or j the next case, k back to the queue, c claim, and each one-click decision by the key it shows
 *            (d dismiss, w warn, r remove, s remove and sanction).
 * Keys typed into a field, or with Ctrl/Alt/Meta held, are left alone. A decision key submits the form that
 * carries `data-key`, exactly as clicking its button would (the server checks everything).
 */
(function () {
  "use strict";

  function typing(event) {
    var el = event.target;
    if (!el || !el.tagName) return false;
    var tag = el.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }

  function submitKeyed(key) {
    var form = document.querySelector('form[data-key="' + key + '"]');
    if (!form) return false;
    if (form.dataset.sent) return true; // one press, one request
    form.dataset.sent = "1";
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
    return true;
  }

  function queue(root) {
    var rows = Array.prototype.slice.call(root.querySelectorAll("tr[data-case-url]"));
    var current = -1;

    function select(i) {
      if (!rows.length) return;
      if (current >= 0) rows[current].classList.remove("selected");
      current = Math.max(0, Math.min(rows.length - 1, i));
      rows[current].classList.add("selected");
      rows[current].setAttribute("aria-selected", "true");
      rows[current].scrollIntoView({ block: "nearest" });
    }

    return function (key) {
      if (key === "j") { select(current + 1); return true; }
      if (key === "k") { select(current - 1); return true; }
      if ((key === "Enter" || key === "o") && current >= 0) {
        window.location.assign(rows[current].dataset.caseUrl);
        return true;
      }
      if (key === "x" && current >= 0) {
        var box = rows[current].querySelector('input[type="checkbox"]');
        if (box) box.checked = !box.checked;
        return true;
      }
      if (key === "n" && root.dataset.nextUrl) { window.location.assign(root.dataset.nextUrl); return true; }
      return false;
    };
  }

  function casePage(root) {
    return function (key) {
      if ((key === "n" || key === "j") && root.dataset.nextUrl) { window.location.assign(root.dataset.nextUrl); return true; }
      if (key === "k" && root.dataset.queueUrl) { window.location.assign(root.dataset.queueUrl); return true; }
      if (key.length === 1) return submitKeyed(key);
      return false;
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector("[data-shortcuts]");
    if (!root) return;
    var handle = root.dataset.shortcuts === "queue" ? queue(root) : casePage(root);
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.altKey || event.metaKey || typing(event)) return;
      if (handle(event.key)) event.preventDefault();
    });
  });
})();
