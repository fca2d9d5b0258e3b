// Checkout: when the ward changes, each shop's delivery options and the totals are fetched again
// (orders.views.checkout_delivery). Without this file the "show the delivery options" button does
// the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("checkout-form");
  if (!form || !window.fetch) { return; }
  var ward = form.querySelector("select[name=ward]");
  var url = form.getAttribute("data-delivery-url");
  var summary = document.querySelector("[data-grand-total]");
  form.querySelectorAll(".no-script-only").forEach(function (el) { el.hidden = true; });

  function query() {
    var params = new URLSearchParams();
    params.set("ward", ward ? ward.value : "");
    form.querySelectorAll("[data-delivery-shop] input[type=radio]:checked").forEach(function (input) {
      params.set(input.name, input.value);
    });
    return params.toString();
  }

  var pending = null;
  function refresh() {
    if (pending) { pending.abort(); }
    pending = new AbortController();
    fetch(url + "?" + query(), { headers: { "Accept": "application/json" }, signal: pending.signal })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.shops.forEach(function (shop) {
          var box = form.querySelector('[data-delivery-shop="' + shop.business + '"]');
          if (box) { box.innerHTML = shop.html; }
          var total = document.querySelector('[data-shop-total="' + shop.business + '"]');
          if (total && shop.total) { total.textContent = shop.total; }
          var fee = document.querySelector('[data-shop-fee="' + shop.business + '"]');
          var checked = box && box.querySelector("input[type=radio]:checked");
          if (fee && checked) {
            var label = form.querySelector('label[for="' + checked.id + '"] .delivery-fee');
            if (label) { fee.textContent = label.textContent; }
          }
        });
        if (summary && data.grand_total) { summary.textContent = data.grand_total; }
      })
      .catch(function () { /* the page still works: the server checks the choice on submit */ });
  }

  if (ward) { ward.addEventListener("change", refresh); }
  form.addEventListener("change", function (event) {
    if (event.target.matches("[data-delivery-shop] input[type=radio]")) { refresh(); }
  });
})();
