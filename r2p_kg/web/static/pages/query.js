/* The query page: YASGUI over this site's /sparql, the catalogue as clickable examples.
   Without JavaScript the plain form above it still sends queries to /sparql.
   Everything stays on this server: completions come from the page (the project's prefixes and the
   classes and properties the dataset uses), a shared link is /query?query=…, IRIs in the results
   show their labels (from /-/labels), charts are drawn here with Chart.js and maps of countries
   with the pictures' world map (map.js). */
(function () {
  "use strict";
  var root = document.getElementById("yasgui");
  if (!root || typeof Yasgui === "undefined") { return; }
  document.documentElement.classList.add("js");
  var textarea = document.getElementById("query-text");
  var endpoint = new URL(root.getAttribute("data-endpoint"), window.location.href).href;
  var vocabulary = JSON.parse(document.getElementById("query-vocabulary").textContent);
  var base = root.getAttribute("data-base");
  var pageLang = document.documentElement.lang || "en";

  // Completions from this page's data: the stock ones ask prefix.cc and LOV, which this site never calls.
  var Yasqe = Yasgui.Yasqe;
  Yasqe.forkAutocompleter("prefixes", {
    name: "local-prefixes",
    persistenceId: null,
    get: function () {
      return Object.keys(vocabulary.prefixes).sort().map(function (p) {
        return p + ": <" + vocabulary.prefixes[p] + ">";
      });
    }
  }, false);
  Yasqe.forkAutocompleter("property", {
    name: "local-properties", bulk: true, persistenceId: null,
    get: function () { return vocabulary.properties; }
  }, false);
  Yasqe.forkAutocompleter("class", {
    name: "local-classes", bulk: true, persistenceId: null,
    get: function () { return vocabulary.classes; }
  }, false);

  // A link that opens this query here (and runs it), server-rendered, so it works without JavaScript,
  // with the result view it was shown in (table, chart or raw response).
  var VIEWS = ["table", "chart", "map", "response"];
  function shareLink(yasqe, yasr) {
    var link = "/query?query=" + encodeURIComponent(yasqe.getValue());
    var view = yasr && yasr.getSelectedPluginName ? yasr.getSelectedPluginName() : "";
    if (VIEWS.indexOf(view) >= 0) { link += "&view=" + view; }
    return new URL(link, window.location.href).href;
  }

  // Results as a bar chart: the first column that holds numbers, labelled by the first other column.
  function numericColumns(vars, rows) {
    return vars.filter(function (v) {
      return rows.every(function (r) { return !r[v] || (r[v].type !== "uri" && isFinite(parseFloat(r[v].value))); })
        && rows.some(function (r) { return r[v]; });
    });
  }
  function chartData(results) {
    var vars = results.getVariables() || [];
    var rows = results.getBindings() || [];
    if (!rows.length) { return null; }
    var numeric = numericColumns(vars, rows);
    if (!numeric.length) { return null; }
    var value = numeric[numeric.length - 1];
    var label = vars.filter(function (v) { return v !== value; })[0];
    // A column of years or dates as labels makes a line over time, in time order; else bars.
    var timeline = !!label && rows.every(function (r) { return r[label] && DATE.test(r[label].value); });
    if (timeline) {
      rows = rows.slice().sort(function (a, b) { return a[label].value < b[label].value ? -1 : 1; });
    }
    return {
      title: value,
      type: timeline ? "line" : "bar",
      labels: rows.map(function (r, i) { return label && r[label] ? r[label].value : String(i + 1); }),
      values: rows.map(function (r) { return r[value] ? parseFloat(r[value].value) : 0; })
    };
  }
  var DATE = /^[12][0-9]{3}(-[01][0-9](-[0-3][0-9])?)?$/;

  function ChartPlugin(yasr) { this.yasr = yasr; this.chart = null; }
  ChartPlugin.prototype.priority = 5;
  ChartPlugin.prototype.label = "Chart";
  ChartPlugin.prototype.hideFromSelection = false;
  ChartPlugin.prototype.canHandleResults = function () {
    return typeof Chart !== "undefined" && !!this.yasr.results && !!this.yasr.results.getBindings &&
      !!chartData(this.yasr.results);
  };
  // A result view's button: a glyph in a span of its own class.
  function icon(className, glyph) {
    return function () {
      var span = document.createElement("span");
      span.className = className;
      span.textContent = glyph;
      return span;
    };
  }
  ChartPlugin.prototype.getIcon = icon("chart-icon", "▮▮");
  ChartPlugin.prototype.draw = function () {
    var data = chartData(this.yasr.results);
    var box = document.createElement("div");
    box.className = "result-chart";
    box.style.height = (data.type === "line" ? 20 : Math.max(12, 2 + data.values.length * 1.4)) + "rem";
    var canvas = document.createElement("canvas");
    box.appendChild(canvas);
    this.yasr.resultsEl.appendChild(box);
    this.chart = new Chart(canvas, {
      type: data.type,
      data: { labels: data.labels, datasets: [{ label: data.title, data: data.values,
                                                borderColor: "rgb(11, 92, 173)",
                                                backgroundColor: "rgba(11, 92, 173, 0.7)" }] },
      options: { indexAxis: data.type === "bar" ? "y" : "x", maintainAspectRatio: false, animation: false,
                 plugins: { legend: { display: true } } }
    });
  };
  ChartPlugin.prototype.destroy = function () {
    if (this.chart) { this.chart.destroy(); this.chart = null; }
  };
  Yasgui.Yasr.registerPlugin("chart", ChartPlugin);

  // Results on a world map: a column whose every value is a country of this dataset (…/id/country/XX),
  // shaded by the last column of numbers, or by how many rows name each country when there is none.
  var COUNTRY = /\/id\/country\/([A-Z]{2})$/;
  function mapData(results) {
    var vars = results.getVariables() || [];
    var rows = results.getBindings() || [];
    if (!rows.length || !base) { return null; }
    var column = vars.filter(function (v) {
      return rows.every(function (r) {
        return r[v] && r[v].type === "uri" && r[v].value.indexOf(base) === 0 && COUNTRY.test(r[v].value);
      });
    })[0];
    if (!column) { return null; }
    var numeric = numericColumns(vars, rows);
    var value = numeric.length ? numeric[numeric.length - 1] : null;
    var byIri = {};
    rows.forEach(function (r) {
      var iri = r[column].value;
      var c = byIri[iri] || (byIri[iri] = { iri: iri, iso2: COUNTRY.exec(iri)[1], value: 0,
                                             href: "/" + iri.slice(base.length) });
      c.value += value ? (r[value] ? parseFloat(r[value].value) : 0) : 1;
    });
    return { title: value || column, countries: Object.keys(byIri).map(function (k) { return byIri[k]; }) };
  }

  function MapPlugin(yasr) { this.yasr = yasr; }
  MapPlugin.prototype.priority = 4;
  MapPlugin.prototype.label = "Map";
  MapPlugin.prototype.hideFromSelection = false;
  MapPlugin.prototype.canHandleResults = function () {
    return !!(window.R2P && window.R2P.worldMap) && !!this.yasr.results && !!this.yasr.results.getBindings &&
      !!mapData(this.yasr.results);
  };
  MapPlugin.prototype.getIcon = icon("map-icon", "◍");
  MapPlugin.prototype.draw = function () {
    var data = mapData(this.yasr.results);
    var box = document.createElement("div");
    box.className = "result-map";
    box.setAttribute("data-value", data.title);
    this.yasr.resultsEl.appendChild(box);
    return fetchLabels(data.countries.map(function (c) { return c.iri; })).then(function () {
      data.countries.forEach(function (c) { c.label = asked[c.iri] || c.iso2; });
      return window.R2P.worldMap(box, data.countries, root.getAttribute("data-static"),
                                 root.getAttribute("data-scale-label"));
    }).then(function (drawn) {
      box.setAttribute("data-points", String(drawn));
      box.classList.add("drawn");
    }).catch(function (err) { box.textContent = String(err); });
  };
  Yasgui.Yasr.registerPlugin("map", MapPlugin);

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { autocompleters: ["variables", "local-prefixes", "local-properties", "local-classes"],
             createShortLink: undefined, prefixCcApi: "" }
  });
  var tab = yasgui.getTab();
  tab.getShareableLink = function () { return shareLink(tab.getYasqe(), tab.getYasr()); };
  tab.setEndpoint(endpoint);
  // Literals shown by value (18, not "18"^^xsd:integer): the table's "simple view" is the default.
  var yasr = tab.getYasr();
  yasr.config.plugins.table = yasr.config.plugins.table || {};
  yasr.config.plugins.table.dynamicConfig = Object.assign({ compact: true },
                                                          yasr.config.plugins.table.dynamicConfig || {});
  // Links shared by earlier versions carried the query in the fragment (#query=…).
  var fragment = new URLSearchParams(window.location.hash.slice(1)).get("query");
  if (fragment) { textarea.value = fragment; }
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
  // IRIs in the results shown by their labels in the page language (the IRI stays the link and its
  // tooltip), asked of /-/labels in batches: no query is built from the results' text.
  var asked = {};
  function fetchLabels(iris) {
    var todo = iris.filter(function (iri) { return !(iri in asked); });
    todo.forEach(function (iri) { asked[iri] = null; });
    var batches = [];
    for (var i = 0; i < todo.length; i += 50) {
      var params = new URLSearchParams({ lang: pageLang });
      todo.slice(i, i + 50).forEach(function (iri) { params.append("iri", iri); });
      batches.push(fetch("/-/labels?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { labels: {} }; })
        .then(function (body) {
          Object.keys(body.labels).forEach(function (iri) { asked[iri] = body.labels[iri]; });
        })
        .catch(function () { /* the IRIs stay as they are */ }));
    }
    return Promise.all(batches);
  }
  function labelLinks() {
    var anchors = Array.prototype.filter.call(root.querySelectorAll(".yasr table a[href]"), function (a) {
      return !a.hasAttribute("data-iri") && /^https?:/.test(a.getAttribute("href"));
    });
    var iris = anchors.map(function (a) {
      a.setAttribute("data-iri", a.getAttribute("href"));
      return a.getAttribute("href");
    });
    if (!iris.length) { return; }
    fetchLabels(iris).then(function () {
      root.querySelectorAll(".yasr table a[data-iri]").forEach(function (a) {
        var label = asked[a.getAttribute("data-iri")];
        if (label) { show(a, label); }
      });
    });
  }
  function show(a, label) {
    if (a.classList.contains("labelled")) { return; }
    a.title = a.getAttribute("data-iri");
    a.textContent = label;
    a.classList.add("labelled");
  }
  var pending = null;
  new MutationObserver(function () {
    if (pending === null) { pending = window.setTimeout(function () { pending = null; labelLinks(); }, 50); }
  }).observe(root, { childList: true, subtree: true });

  var view = root.getAttribute("data-view");
  if (view && VIEWS.indexOf(view) >= 0) { yasr.selectPlugin(view); }
  if (root.getAttribute("data-autorun") === "true" || fragment) { tab.query(); }
})();
