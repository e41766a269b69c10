// Repair phrases: one-tap copy in the library, one-tap insert from the picker.
// Progressive enhancement only: without this script the library is searchable with its
// form and the picker lists the phrases to copy by hand. Loaded once even if included twice.
(function () {
  "use strict";
  if (window.mendPhrases) return;
  window.mendPhrases = true;

  // Picker items are plain text in the HTML (small, copyable without a script);
  // here each becomes a button that inserts it.
  function enhance(root) {
    root.querySelectorAll("[data-phrase-picker] [data-picker-search]").forEach(function (el) {
      el.hidden = false;
    });
    root.querySelectorAll("[data-phrase]:not([data-enhanced])").forEach(function (li) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "phrase-chip";
      button.setAttribute("data-phrase-insert", "");
      button.textContent = li.textContent.trim();
      li.textContent = "";
      li.appendChild(button);
      li.setAttribute("data-enhanced", "");
    });
    root.querySelectorAll("[data-phrase-copy]").forEach(function (el) {
      el.hidden = false;
    });
  }

  function insertAtCursor(field, text) {
    var value = field.value;
    var start = typeof field.selectionStart === "number" ? field.selectionStart : value.length;
    var end = typeof field.selectionEnd === "number" ? field.selectionEnd : start;
    var before = value.slice(0, start);
    var after = value.slice(end);
    var lead = before && !/\s$/.test(before) ? " " : "";
    var trail = after && !/^\s/.test(after) ? " " : "";
    var insert = lead + text + trail;
    var max = field.maxLength > 0 ? field.maxLength : Infinity;
    if (before.length + insert.length + after.length > max) return false;
    field.value = before + insert + after;
    var caret = before.length + lead.length + text.length;
    field.focus();
    field.setSelectionRange(caret, caret);
    // Lets the coach read the new words, as if they had been typed.
    field.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }

  function say(message) {
    var status = document.getElementById("phrase-status");
    if (status) status.textContent = message;
  }

  function copy(item) {
    var textEl = item.querySelector("[data-phrase-text]");
    var status = document.getElementById("phrase-status");
    if (!textEl || !status) return;
    var text = textEl.textContent.trim();
    function selectIt() {
      var range = document.createRange();
      range.selectNodeContents(textEl);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      say(status.getAttribute("data-copy-failed"));
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        say(status.getAttribute("data-copied"));
      }, selectIt);
    } else {
      selectIt();
    }
  }

  var lastFavourite = null;

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var chip = event.target.closest("[data-phrase-insert]");
    if (chip) {
      var picker = chip.closest("[data-phrase-picker]");
      var field = picker && document.getElementById(picker.getAttribute("data-target"));
      var status = picker && picker.querySelector("[data-picker-status]");
      if (!field) return;
      var fits = insertAtCursor(field, chip.textContent);
      if (status) status.textContent = fits ? "" : status.getAttribute("data-full");
      return;
    }
    var copyButton = event.target.closest("[data-phrase-copy]");
    if (copyButton) {
      copy(copyButton.closest("[data-phrase-key]"));
      return;
    }
    var fav = event.target.closest("[data-favourite]");
    if (fav) lastFavourite = fav.getAttribute("data-favourite");
  });

  // Enter in the picker's search must not send the message it sits in.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.closest && event.target.closest("[data-picker-search]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
  // After a favourite is switched, keep the keyboard where it was.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!lastFavourite || !event.target || event.target.id !== "phrase-results") return;
    var again = event.target.querySelector('[data-favourite="' + lastFavourite + '"]');
    lastFavourite = null;
    if (again) again.focus();
  });
  if (document.readyState !== "loading") enhance(document);
})();
