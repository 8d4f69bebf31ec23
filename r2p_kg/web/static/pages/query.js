/* The query page: YASGUI over this site's /sparql, the catalogue as clickable examples.
   Without JavaScript the plain form above it still sends queries to /sparql. */
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") { return; }
  document.documentElement.classList.add("js");
  var textarea = document.getElementById("query-text");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } }
  });
  var tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  tab.setQuery(textarea.value);

  var downloads = document.querySelectorAll("#downloads a[data-format]");
  // The form of a query (SELECT, ASK, CONSTRUCT, DESCRIBE) decides the formats it can be downloaded in.
  var FORM = /^\s*(?:(?:PREFIX|BASE)\b[^\n]*\n\s*|#[^\n]*\n\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i;
  function updateDownloads(query) {
    var m = FORM.exec(query);
    var form = m ? m[1].toLowerCase() : "select";
    downloads.forEach(function (a) {
      a.href = "/sparql?query=" + encodeURIComponent(query) + "&format=" + a.getAttribute("data-format");
      a.hidden = a.getAttribute("data-for").split(" ").indexOf(form) < 0;
    });
  }
  updateDownloads(textarea.value);
  tab.getYasqe().on("change", function (yasqe) { updateDownloads(yasqe.getValue()); });

  function run(query, name) {
    tab.setQuery(query);
    updateDownloads(query);
    document.querySelectorAll(".example").forEach(function (li) {
      li.classList.toggle("current", li.getAttribute("data-name") === name);
    });
    if (name && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", "/query?example=" + encodeURIComponent(name));
    }
    return tab.query();
  }

  document.querySelectorAll("a.example-link").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      run(a.getAttribute("data-query"), a.parentElement.getAttribute("data-name"));
    });
  });
  // IRIs of this dataset in the results open here, not at their canonical (maybe offline) host.
  var base = root.getAttribute("data-base");
  var ontology = "https://w3id.org/r2p/ontology";
  root.addEventListener("click", function (event) {
    var a = event.target.closest ? event.target.closest(".yasr a[href]") : null;
    if (!a) { return; }
    var href = a.getAttribute("href");
    if (base && href.indexOf(base) === 0) {
      event.preventDefault();
      window.location.href = "/" + href.slice(base.length);
    } else if (href.indexOf(ontology) === 0) {
      event.preventDefault();
      window.location.href = "/ontology" + href.slice(ontology.length);
    }
  });
  if (root.getAttribute("data-autorun") === "true") { tab.query(); }
})();
