// Progressive enhancement: refresh the result while answering. Without this script the
// "Classificeer" button does the same with a full page load.
(function () {
  "use strict";
  var form = document.getElementById("vragenlijst");
  var target = document.getElementById("uitslag");
  if (!form || !target || !window.fetch) { return; }
  form.addEventListener("change", function () {
    var params = new URLSearchParams(new FormData(form));
    params.set("fragment", "1");
    fetch(form.action + "?" + params.toString(), { headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        target.innerHTML = html;
        params.delete("fragment");
        history.replaceState(null, "", form.action + "?" + params.toString());
      })
      .catch(function () { /* the submit button still works */ });
  });
})();
