// CKEditor 5 reports a refused upload (our view's {"error": {"message"}}) through its Notification plugin, whose
// only default is window.alert: easy to miss, and suppressed by some browsers. Show the message beside the editor
// instead, in the page's own alert region, and keep the alert for anything this page does not know.
(function () {
  "use strict";
  var region = document.getElementById("editor-notices");
  if (!region || typeof window.ckeditorRegisterCallback !== "function") {
    return;
  }
  window.ckeditorRegisterCallback(region.getAttribute("data-editor"), function (editor) {
    editor.plugins.get("Notification").on(
      "show:warning",
      function (event, data) {
        var message = typeof data.message === "string" ? data.message : String(data.message || "");
        region.textContent = data.title ? data.title + "：" + message : message;
        region.hidden = false;
        event.stop();
      },
      { priority: "high" }
    );
  });
})();
