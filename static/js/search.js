// Chợ Số — suggestions under the header's search box as the shopper types. The box is a plain
// GET form: without this file (or JavaScript) it still searches.
(function () {
  "use strict";

  var input = document.getElementById("site-search");
  var box = document.getElementById("site-search-suggestions");
  var status = document.getElementById("site-search-status");
  if (!input || !box || !input.getAttribute("data-suggest-url") || !window.fetch) { return; }
  var url = input.getAttribute("data-suggest-url");
  var timer = null;
  var pending = null;
  var lastQuery = "";

  function close() {
    box.hidden = true;
    box.textContent = "";
  }

  function links() {
    return Array.prototype.slice.call(box.querySelectorAll("a"));
  }

  function render(products, categories) {
    box.textContent = "";
    if (!products.length && !categories.length) { close(); status.textContent = ""; return; }
    var list = document.createElement("ul");
    categories.forEach(function (category) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = category.url;
      link.className = "suggestion-category";
      link.textContent = category.name;
      item.appendChild(link);
      list.appendChild(item);
    });
    products.forEach(function (product) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = product.url;
      link.textContent = product.name;
      var meta = document.createElement("span");
      meta.className = "suggestion-meta";
      meta.textContent = product.shop + " · " + product.price;
      link.appendChild(meta);
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(list);
    box.hidden = false;
    var count = products.length + categories.length;
    status.textContent = (status.getAttribute("data-template") || "{n}").replace("{n}", count);
  }

  function ask(query) {
    if (pending) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    fetch(url + "?q=" + encodeURIComponent(query), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      signal: pending ? pending.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : {};
    }).then(function (body) {
      if (input.value.trim() === query) { render(body.products || [], body.categories || []); }
    }).catch(function () { /* aborted or offline: the form still works */ });
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    window.clearTimeout(timer);
    if (query.length < 2) { close(); lastQuery = ""; return; }
    if (query === lastQuery) { return; }
    timer = window.setTimeout(function () { lastQuery = query; ask(query); }, 250);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && !box.hidden && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      close();
    }
  });

  box.addEventListener("keydown", function (event) {
    var all = links();
    var index = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && index < all.length - 1) {
      event.preventDefault();
      all[index + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (index > 0) { all[index - 1].focus(); } else { input.focus(); }
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });

  document.addEventListener("click", function (event) {
    if (!input.form.contains(event.target)) { close(); }
  });
})();
