// Regulation tools: a breathing pacer and a grounding walk-through.
// Everything runs on the page itself: no network, no external asset, so it keeps
// working offline once loaded. Motion respects prefers-reduced-motion.
(function () {
  "use strict";

  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function seconds(form, name, fallback) {
    var value = parseInt(form.elements[name].value, 10);
    var min = parseInt(form.elements[name].min, 10), max = parseInt(form.elements[name].max, 10);
    if (isNaN(value)) return fallback;
    return Math.min(max, Math.max(min, value));
  }

  function phases(form) {
    var rhythm = form.querySelector("input[name=rhythm]:checked").value;
    var inhale = seconds(form, "in", 4), hold = seconds(form, "hold", 4), out = seconds(form, "out", 4);
    if (rhythm === "exhale") {
      return [["in", inhale], ["out", Math.max(out, inhale + 2)]];
    }
    return [["in", inhale], ["hold", hold], ["out", out], ["hold", hold]].filter(function (p) { return p[1] > 0; });
  }

  function setupPacer(root) {
    var form = root.querySelector("[data-pacer-settings]");
    var toggle = root.querySelector("[data-pacer-toggle]");
    var circle = root.querySelector("[data-pacer-circle]");
    var label = root.querySelector("[data-pacer-phase]");
    var timer = null, tick = null;

    function show(kind, left) {
      label.textContent = label.getAttribute("data-" + kind) + " · " + left;
      root.setAttribute("data-phase", kind);
    }

    function run(list, index) {
      var phase = list[index % list.length], kind = phase[0], left = phase[1];
      if (!reduceMotion) {
        circle.style.transitionDuration = phase[1] + "s";
        if (kind === "in") circle.classList.add("full");
        if (kind === "out") circle.classList.remove("full");
      }
      show(kind, left);
      clearInterval(tick);
      tick = setInterval(function () { left -= 1; if (left > 0) show(kind, left); }, 1000);
      timer = setTimeout(function () { run(list, index + 1); }, phase[1] * 1000);
    }

    function stop() {
      clearTimeout(timer); clearInterval(tick); timer = null;
      circle.classList.remove("full");
      root.removeAttribute("data-phase");
      label.textContent = label.getAttribute("data-rest");
      toggle.textContent = toggle.getAttribute("data-start");
    }

    toggle.addEventListener("click", function () {
      if (timer) { stop(); return; }
      toggle.textContent = toggle.getAttribute("data-stop");
      run(phases(form), 0);
    });
    form.addEventListener("change", function () { if (timer) { stop(); } });
  }

  function setupGrounding(root) {
    var steps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
    var next = root.querySelector("[data-grounding-next]");
    var done = root.querySelector("[data-grounding-done]");
    var current = 0;

    function showStep() {
      steps.forEach(function (step, i) { step.hidden = i !== current; });
      done.hidden = current < steps.length;
      next.textContent = next.getAttribute(current < steps.length ? "data-next" : "data-again");
    }

    next.hidden = false;
    next.addEventListener("click", function () {
      current = current < steps.length ? current + 1 : 0;
      showStep();
      if (current < steps.length) steps[current].focus && steps[current].setAttribute("tabindex", "-1");
    });
    showStep();
  }

  document.querySelectorAll("[data-pacer]").forEach(setupPacer);
  document.querySelectorAll("[data-grounding]").forEach(setupGrounding);
})();
