// The site's one page script (same origin, CSP script-src 'self'): loaded in <head> so that the "js" class is
// set before the header is drawn, then wires the phone menu button. Without scripts the header simply shows
// every link (the CSS folds the menu only under html.js).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".nav-toggle");
    var header = document.querySelector(".site-header");
    if (!button || !header) {
      return;
    }
    button.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open")) {
        header.classList.remove("menu-open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  });
})();
