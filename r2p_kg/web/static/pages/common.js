/* Shared by the pictures: fetch the picture's JSON twin and show a message when it is empty. */
window.R2P = (function () {
  "use strict";
  function load(callback) {
    var el = document.getElementById("picture");
    if (!el) { return; }
    fetch(el.getAttribute("data-src"), { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (data) { callback(el, data); })
      .catch(function (err) { el.textContent = String(err); });
  }
  function empty(el) {
    var p = document.createElement("p");
    p.className = "empty";
    p.textContent = el.getAttribute("data-empty");
    el.appendChild(p);
  }
  function colour(kind) {
    var v = getComputedStyle(document.documentElement).getPropertyValue("--k-" + kind).trim();
    return v || "#7f7f7f";
  }
  return { load: load, empty: empty, colour: colour };
})();
