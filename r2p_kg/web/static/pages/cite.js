/* The "cite" panels: opened, a panel shows the citation in a text box with a copy button, and its
   format links (which work without JavaScript too) load another format into the box. */
(function () {
  "use strict";
  function load(box, href) {
    box.value = "…";
    fetch(href)
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.text(); })
      .then(function (text) { box.value = text.replace(/\s+$/, ""); })
      .catch(function (err) { box.value = String(err); });
  }
  function copy(details, box, status) {
    function done() { status.textContent = details.getAttribute("data-copied"); }
    function fallback() {
      box.focus();
      box.select();
      try { if (document.execCommand("copy")) { done(); } } catch (e) { /* the text stays selected */ }
    }
    status.textContent = "";
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(done, fallback);
    } else {
      fallback();
    }
  }
  function setup(details) {
    var panel = details.querySelector(".cite-panel");
    var links = panel.querySelectorAll("a[data-format]");
    var box = document.createElement("textarea");
    box.className = "cite-text";
    box.readOnly = true;
    box.rows = 6;
    box.setAttribute("aria-label", details.querySelector("summary").getAttribute("title") || "");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "cite-copy";
    button.textContent = details.getAttribute("data-copy");
    var status = document.createElement("span");
    status.className = "cite-status";
    status.setAttribute("role", "status");
    panel.appendChild(box);
    panel.appendChild(button);
    panel.appendChild(status);
    Array.prototype.forEach.call(links, function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault();
        Array.prototype.forEach.call(links, function (x) { x.removeAttribute("aria-current"); });
        a.setAttribute("aria-current", "true");
        status.textContent = "";
        load(box, a.href);
      });
    });
    button.addEventListener("click", function () { copy(details, box, status); });
    links[0].setAttribute("aria-current", "true");
    load(box, links[0].href);
  }
  Array.prototype.forEach.call(document.querySelectorAll("details.cite"), function (details) {
    details.addEventListener("toggle", function () {
      if (details.open && !details.hasAttribute("data-ready")) {
        details.setAttribute("data-ready", "");
        setup(details);
      }
    });
  });
})();
