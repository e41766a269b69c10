// The reach-out guide: copy questions or a reply draft with one tap.
// Without a script (or a clipboard) the copy buttons stay hidden; the text is still there to select.
(function () {
  "use strict";

  function textOf(element) {
    if ("value" in element && element.tagName === "TEXTAREA") return element.value;
    return Array.prototype.map.call(element.querySelectorAll("li"), function (li) {
      return li.textContent.trim();
    }).join("\n") || element.textContent.trim();
  }

  function setup() {
    if (!navigator.clipboard) return;
    document.querySelectorAll("[data-copy-from]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy-from"));
        var status = button.closest("section, form").querySelector("[data-copy-status]");
        if (!source) return;
        navigator.clipboard.writeText(textOf(source)).then(function () {
          if (status) status.textContent = button.getAttribute("data-copied");
        });
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
