// Material's inline content script as a file: open the content tab named in the URL's fragment.
(function () {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
