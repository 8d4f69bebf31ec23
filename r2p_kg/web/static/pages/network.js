/* The network of entities named together in the report's paragraphs (cytoscape). */
(function () {
  "use strict";
  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  // After the layout: keep the labels of the most-named nodes first, and hide any label that would
  // cover one already kept; a hidden label still shows on hover.
  function declutter(cy) {
    var kept = [];
    cy.nodes(".major").sort(function (a, b) { return b.data("size") - a.data("size"); }).forEach(function (n) {
      var box = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      if (kept.some(function (k) { return overlaps(box, k); })) { n.removeClass("major"); } else { kept.push(box); }
    });
    return kept.length;
  }

  R2P.load(function (el, data) {
    if (!data.nodes.length) { R2P.empty(el); return; }
    var max = Math.max.apply(null, data.nodes.map(function (n) { return n.weight; }));
    // Label the most-named nodes (those whose labels fit, see declutter); the others on hover.
    var ranked = data.nodes.map(function (n) { return n.weight; }).sort(function (a, b) { return b - a; });
    var labelFrom = ranked[Math.min(ranked.length - 1, 24)];
    var elements = data.nodes.map(function (n) {
      return { group: "nodes", data: { id: n.id, label: n.label, href: n.href, kind: n.kind,
        size: 12 + 38 * Math.sqrt(n.weight / max), colour: R2P.colour(n.kind) },
        classes: n.weight >= labelFrom ? "major" : "" };
    }).concat(data.edges.map(function (e, i) {
      return { group: "edges", data: { id: "e" + i, source: e.source, target: e.target, weight: e.weight } };
    }));
    var cy = cytoscape({
      container: el,
      elements: elements,
      wheelSensitivity: 0.3,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
          label: "", "font-size": 11, color: "#1d2330", "text-valign": "bottom", "text-margin-y": 3,
          "text-outline-color": "#fff", "text-outline-width": 2, "min-zoomed-font-size": 6 } },
        { selector: "node.major, node.hover", style: { label: "data(label)" } },
        { selector: "node.hover", style: { "font-size": 13, "z-index": 10, "font-weight": "bold" } },
        { selector: "edge", style: { width: "mapData(weight, 1, 10, 0.5, 5)", "line-color": "#c5cbd6", opacity: 0.7,
          "curve-style": "haystack" } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#1d2330" } }
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 60000; },
        idealEdgeLength: function () { return 120; }, edgeElasticity: function () { return 60; },
        gravity: 0.6, nodeOverlap: 20, componentSpacing: 80, padding: 24, numIter: 1500 }
    });
    var shown = declutter(cy);
    cy.on("tap", "node", function (evt) { window.location.href = evt.target.data("href"); });
    cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); el.style.cursor = "pointer"; });
    cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); el.style.cursor = ""; });
    el.setAttribute("data-nodes", String(cy.nodes().length));
    el.setAttribute("data-edges", String(cy.edges().length));
    el.setAttribute("data-labels", String(shown));
    el.r2pGraph = cy;  // for the browser tests, which check that no two labels overlap
    el.classList.add("drawn");
  });
})();
