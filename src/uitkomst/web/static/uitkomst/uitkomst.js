// Small behaviour for every page. No inline script anywhere: the Content-Security-Policy allows
// only this site's own script files (docs/security.md).
document.addEventListener("click", function (event) {
  var knop = event.target.closest("[data-afdrukken]");
  if (knop) {
    window.print();
  }
});

// An error summary (web/_foutoverzicht.html) takes the focus when the page opens, so a screen reader
// reads it first and a keyboard user tabs straight to its links; a link moves the focus to its field.
document.addEventListener("DOMContentLoaded", function () {
  var overzicht = document.querySelector("[data-focus]");
  if (overzicht) {
    overzicht.focus();
  }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest(".foutoverzicht a[href^='#']");
  if (!link) {
    return;
  }
  var veld = document.getElementById(link.getAttribute("href").slice(1));
  if (veld) {
    event.preventDefault();
    veld.focus();
    veld.scrollIntoView({block: "center"});
  }
});
