// Small behaviour for every page. No inline script anywhere: the Content-Security-Policy allows
// only this site's own script files (docs/security.md).
document.addEventListener("click", function (event) {
  var knop = event.target.closest("[data-afdrukken]");
  if (knop) {
    window.print();
  }
});
