// The business-profile form: fills what the city already knows, the owner checks and saves.
// - On a new profile, empty fields take the owner name, verified email, phone and tax code the
//   city sent at sign-in (identity app).
// - When the tax code is one the city's enterprise register knows, the legal name, street address
//   and ward are filled from it and the source is shown; the owner can change any of them.
(function () {
  "use strict";
  var form = document.querySelector("form[data-register-lookup]");
  if (!form) return;
  var note = document.getElementById("register-source");
  var field = function (name) { return form.elements.namedItem(name); };

  function setValue(name, value, onlyIfEmpty) {
    var input = field(name);
    if (!input || value === undefined || value === null) return;
    if (onlyIfEmpty && input.value) return;
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function lookUp() {
    var code = (field("tax_code").value || "").trim();
    if (code.length < 10) return;
    var url = form.dataset.registerLookup + "?tax_code=" + encodeURIComponent(code);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.found) { note.hidden = true; return; }
        setValue("legal_name", data.legal_name);
        setValue("street_address", data.street_address);
        setValue("ward", data.ward);
        note.textContent = data.note;
        note.hidden = false;
      })
      .catch(function () { note.hidden = true; });
  }

  field("tax_code").addEventListener("change", lookUp);
  if (form.dataset.cityPrefill) {
    fetch(form.dataset.cityPrefill, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var city = data.city || {};
        ["owner_name", "email", "phone", "tax_code"].forEach(function (name) {
          setValue(name, city[name], true);
        });
        if (city.tax_code) lookUp();
      })
      .catch(function () {});
  }
})();
