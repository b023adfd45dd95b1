// Material's inline "outdated version" script as a file.
(function () {
  var el = document.querySelector("[data-md-component=outdated]");
  var base = new URL(document.currentScript.getAttribute("data-md-base") || ".", location);
  if (el && __md_get("__outdated", sessionStorage, base) === true) el.hidden = false;
})();
