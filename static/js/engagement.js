/* The article page's live parts: counts (and one read counted) from the counts endpoint, the reader's own
   like / favourite / follow state, the toggles without a page load, copying the link. The page itself is one
   cached copy for every anonymous reader; everything personal arrives here. Without script the forms still post. */
(function () {
  "use strict";
  var box = document.getElementById("engagement");
  var error = box ? box.querySelector(".engage-error") : null;

  function setPressed(form, on) {
    var button = form.querySelector("button");
    var label = form.querySelector(".label");
    form.querySelector("input[name=on]").value = on ? "0" : "1";
    button.setAttribute("aria-pressed", on ? "true" : "false");
    if (label) label.textContent = on ? label.dataset.on : label.dataset.off;
  }

  function apply(data) {
    document.querySelectorAll("[data-count]").forEach(function (el) {
      var key = el.dataset.count;
      if (typeof data[key] === "number") el.textContent = data[key];
    });
    document.querySelectorAll("form.js-toggle").forEach(function (form) {
      if (typeof data[form.dataset.kind] === "boolean") setPressed(form, data[form.dataset.kind]);
    });
  }

  function counts(method) {
    if (!box) return Promise.resolve();
    return fetch(box.dataset.counts, {
      method: method, credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) apply(data); })
      .catch(function () { /* counts are a nicety: the page works without them */ });
  }

  function say(message) {
    if (!error) { window.alert(message); return; }
    error.textContent = message;
    error.hidden = false;
  }

  document.querySelectorAll("form.js-toggle").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = new FormData(form);
      fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": body.get("csrfmiddlewaretoken") }
      }).then(function (r) {
        return r.json().then(function (data) { return { ok: r.ok, data: data }; });
      }).then(function (result) {
        if (!result.ok) { say(result.data.error || ""); return; }
        if (error) error.hidden = true;
        setPressed(form, result.data.on);
        return counts("GET");
      }).catch(function () { form.submit(); });
    });
  });

  document.querySelectorAll(".js-copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var done = function () { button.textContent = button.dataset.done; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(button.dataset.url).then(done, function () { window.prompt("", button.dataset.url); });
      } else {
        window.prompt("", button.dataset.url);
      }
    });
  });

  counts("POST");
})();
