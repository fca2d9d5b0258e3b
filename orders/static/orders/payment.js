// The payment page: copy buttons, a countdown per shop, and polling of the status endpoint so a
// confirmed payment shows without a reload. No inline script (CSP), no third-party request.
(function () {
  "use strict";
  var root = document.getElementById("payment-page");
  if (!root) { return; }

  root.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var text = source.getAttribute("data-copy-value") || source.textContent.trim();
      if (navigator.clipboard) { navigator.clipboard.writeText(text).catch(function () {}); }
      button.setAttribute("data-copied", "1");
    });
  });

  function tick() {
    root.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = Math.floor((Date.parse(el.getAttribute("data-countdown")) - Date.now()) / 1000);
      if (left <= 0) { el.textContent = el.getAttribute("data-expired-text"); return; }
      var m = Math.floor(left / 60), s = left % 60;
      el.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    });
  }
  tick();
  setInterval(tick, 1000);

  var url = root.getAttribute("data-status-url");
  var every = (parseInt(root.getAttribute("data-poll-seconds"), 10) || 4) * 1000;
  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.orders.forEach(function (order) {
          var block = root.querySelector('[data-order="' + order.id + '"]');
          if (!block) { return; }
          var state = block.querySelector("[data-state]");
          if (state && state.textContent !== order.label) { state.textContent = order.label; }
          block.setAttribute("data-payment-state", order.payment_state);
          var pending = block.querySelector("[data-pending]");
          if (pending) { pending.hidden = order.payment_state !== "pending" || order.done; }
        });
        root.querySelector("[data-group-status]").textContent = data.group.label;
        root.querySelector("[data-group-complete]").hidden = !data.group.complete;
        var waiting = data.orders.some(function (o) { return o.payment_state === "pending" && !o.done; });
        if (waiting) { setTimeout(poll, every); }
      })
      .catch(function () { setTimeout(poll, every * 2); });
  }
  setTimeout(poll, every);
})();
