// Material's inline announce script as a file: hide a banner the reader dismissed.
(function () {
  var el = document.querySelector("[data-md-component=announce]");
  if (!el) return;
  var content = el.querySelector(".md-typeset");
  if (content && __md_hash(content.innerHTML) === __md_get("__announce")) el.hidden = true;
})();
