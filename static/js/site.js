// Chợ Số — small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Same folding as accounts.text.fold: lower case, no diacritics, đ -> d.
  function fold(text) {
    return (text || "")
      .replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }

  // <input data-filter-select="id">: filters the options of a <select> as the user types.
  document.querySelectorAll("input[data-filter-select]").forEach(function (input) {
    var select = document.getElementById(input.getAttribute("data-filter-select"));
    if (!select) { return; }
    var status = document.getElementById(input.getAttribute("aria-describedby") || "");
    input.addEventListener("input", function () {
      var words = fold(input.value).split(" ").filter(Boolean);
      var shown = 0;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) { return; }
        var haystack = option.getAttribute("data-search") || fold(option.text);
        var match = words.every(function (word) { return haystack.indexOf(word) !== -1; });
        option.hidden = !match;
        option.disabled = !match && !option.selected;
        if (match) { shown += 1; }
      });
      if (status) { status.textContent = status.getAttribute("data-template").replace("{n}", shown); }
    });
  });
})();
