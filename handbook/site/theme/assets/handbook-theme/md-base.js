// Material's inline head script as a file, so the CSP allows scripts from 'self' only.
// The scope (the site root) comes from the tag's data-md-scope, exactly as Material computes it.
window.__md_scope = new URL(document.currentScript.getAttribute("data-md-scope") || ".", location);
window.__md_hash = function (e) {
  return [...e].reduce(function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
};
window.__md_get = function (key, storage, scope) {
  storage = storage || localStorage; scope = scope || window.__md_scope;
  return JSON.parse(storage.getItem(scope.pathname + "." + key));
};
window.__md_set = function (key, value, storage, scope) {
  storage = storage || localStorage; scope = scope || window.__md_scope;
  try { storage.setItem(scope.pathname + "." + key, JSON.stringify(value)); } catch (e) { /* storage full or blocked */ }
};
