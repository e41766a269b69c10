// Mend's only script of its own: quick exit and small progressive enhancements.
// Everything works without it; it never loads anything from another host.
(function () {
  "use strict";

  var leaving = false;
  function quickExit() {
    if (leaving) return;
    leaving = true;
    var target = document.body.getAttribute("data-quick-exit") || "/n/";
    document.body.innerHTML = "";
    document.title = "";
    // replace() keeps this page out of the back-button history.
    function leave() { window.location.replace(target); }
    // End the session on the server first, so Back or the old cookie opens nothing;
    // never wait more than a moment for it.
    var timer = window.setTimeout(leave, 400);
    try {
      window.fetch("/exit/", { method: "POST", credentials: "same-origin", keepalive: true })
        .then(function () { window.clearTimeout(timer); leave(); }, function () {});
    } catch (error) {
      if (navigator.sendBeacon) navigator.sendBeacon("/exit/");
    }
  }

  // A page brought back from the browser's memory by Back is asked for again, so a
  // signed-out session shows the sign-in page instead of what was on the screen.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#quick-exit");
    if (link) {
      event.preventDefault();
      quickExit();
    }
  });

  var escPresses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    escPresses = escPresses.filter(function (t) { return now - t < 1500; });
    escPresses.push(now);
    if (escPresses.length >= 3) quickExit();
  });

  // Language switcher: change at once when a script can, keep the button otherwise.
  document.addEventListener("change", function (event) {
    if (event.target.id === "language-choice") event.target.form.submit();
  });

  // Audience fields: show the member checklist only when "chosen members" is picked.
  function syncAudience(root) {
    root.querySelectorAll("[data-audience-fields]").forEach(function (fieldset) {
      var picked = fieldset.querySelector("input[name$='audience']:checked");
      var chosen = fieldset.querySelector("[data-chosen-members]");
      if (chosen) chosen.hidden = !(picked && picked.value === "chosen");
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name && /audience$/.test(event.target.name)) syncAudience(document);
  });
  document.addEventListener("DOMContentLoaded", function () { syncAudience(document); });

  // Menus (<details data-menu>: "More", the circle switcher) open and close by themselves
  // without a script; with one, a tap elsewhere or Escape closes them, as people expect.
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      var focusWasInside = menu.contains(document.activeElement);
      menu.open = false;
      if (focusWasInside) menu.querySelector("summary").focus();
    });
  });
})();

// The coach's suggestions: use a gentler wording with one click, or set a hint aside.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var accept = event.target.closest && event.target.closest("[data-coach-accept]");
    if (accept) {
      var field = document.getElementById(accept.getAttribute("data-target"));
      if (field) {
        field.value = accept.getAttribute("data-text");
        field.focus();
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
      return;
    }
    var dismiss = event.target.closest && event.target.closest("[data-coach-dismiss]");
    if (dismiss) {
      var finding = dismiss.closest("[data-coach-finding]");
      var panel = dismiss.closest(".coach-panel");
      var keep = document.createElement("input");
      keep.type = "hidden";
      keep.name = "dismissed";
      keep.value = dismiss.getAttribute("data-pattern");
      panel.appendChild(keep);
      if (finding) finding.remove();
    }
  });
})();

// Sign-up: the browser's time zone, so reminders and dates fall in the person's own hours.
// Without a script the server uses the site's default, changeable in settings.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector("input[data-browser-time-zone]");
    if (!field || field.value || !window.Intl) return;
    try {
      field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) { /* an old browser: keep the site's default */ }
  });
})();
