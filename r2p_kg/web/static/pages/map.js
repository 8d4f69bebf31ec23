/* The world map: countries the report names, shaded by the number of passages (d3-geo + world-atlas). */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  R2P.load(function (el, data) {
    var vendor = el.getAttribute("data-static");
    Promise.all([
      fetch(vendor + "countries-50m.json").then(function (r) { return r.json(); }),
      fetch(vendor + "iso3166-codes.json").then(function (r) { return r.json(); })
    ]).then(function (loaded) {
      var world = loaded[0], numericOf = {};
      loaded[1].forEach(function (row) { numericOf[row[0]] = row[2]; });
      var byNumeric = {};
      data.countries.forEach(function (c) { if (numericOf[c.iso2]) { byNumeric[numericOf[c.iso2]] = c; } });
      var max = Math.max.apply(null, [1].concat(data.countries.map(function (c) { return c.mentions; })));
      var width = el.clientWidth || 960, height = el.clientHeight || 500;
      var features = topojson.feature(world, world.objects.countries).features;
      var projection = d3.geoEqualEarth().fitSize([width, height], { type: "Sphere" });
      var path = d3.geoPath(projection);
      var svg = document.createElementNS(SVG, "svg");
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("role", "img");
      var drawn = 0;
      features.forEach(function (f) {
        var c = byNumeric[f.id];
        var p = document.createElementNS(SVG, "path");
        p.setAttribute("d", path(f) || "");
        if (c) {
          var share = Math.sqrt(c.mentions / max);
          p.setAttribute("class", "named");
          p.setAttribute("fill", "rgba(11, 92, 173, " + (0.2 + 0.8 * share).toFixed(3) + ")");
          p.setAttribute("data-iso2", c.iso2);
          var title = document.createElementNS(SVG, "title");
          title.textContent = c.label + " · " + c.mentions;
          p.appendChild(title);
          var a = document.createElementNS(SVG, "a");
          a.setAttribute("href", c.href);
          a.appendChild(p);
          svg.appendChild(a);
          drawn += 1;
        } else {
          p.setAttribute("class", "land");
          svg.appendChild(p);
        }
      });
      el.appendChild(svg);
      el.setAttribute("data-points", String(drawn));
      el.classList.add("drawn");
      if (!data.countries.length) { R2P.empty(el); }
    }).catch(function (err) { el.textContent = String(err); });
  });
})();
