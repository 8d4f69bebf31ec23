/* The world map: countries the report names, shaded by the number of passages (d3-geo + world-atlas),
   with a scale bar; the shading's legend is in the page. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var EARTH_KM_PER_DEGREE = 2 * Math.PI * 6371.0088 / 360;  // along the Equator (mean Earth radius)

  // A bar of a round distance measured along the Equator, in the map's lower left corner: the
  // projection keeps areas, not distances, so the scale holds at the Equator only (as it says).
  function scaleBar(svg, projection, width, height, words) {
    var origin = projection([0, 0]);
    var km = [500, 1000, 2000, 2500, 5000].filter(function (d) {
      return projection([d / EARTH_KM_PER_DEGREE, 0])[0] - origin[0] <= width / 8;
    }).pop() || 500;
    var length = projection([km / EARTH_KM_PER_DEGREE, 0])[0] - origin[0];
    var g = document.createElementNS(SVG, "g");
    g.setAttribute("class", "scale");
    g.setAttribute("transform", "translate(" + 16 + "," + (height - 16) + ")");
    var bar = document.createElementNS(SVG, "path");
    bar.setAttribute("d", "M0,-6V0H" + length.toFixed(1) + "V-6");
    var text = document.createElementNS(SVG, "text");
    text.setAttribute("x", "0");
    text.setAttribute("y", "-10");
    text.textContent = words.replace("{km}", km.toLocaleString());
    g.appendChild(bar);
    g.appendChild(text);
    g.setAttribute("data-km", String(km));
    g.setAttribute("data-length", length.toFixed(1));
    svg.appendChild(g);
  }
  // Countries ({iso2, label, href, value}) shaded by value on a world map drawn into el, with the
  // world atlas from the folder vendor; resolves to the number of countries drawn. The pictures' map
  // and the query page's map of results both draw with it.
  function worldMap(el, countries, vendor, scaleWords) {
    return Promise.all([
      fetch(vendor + "countries-50m.json").then(function (r) { return r.json(); }),
      fetch(vendor + "iso3166-codes.json").then(function (r) { return r.json(); })
    ]).then(function (loaded) {
      var world = loaded[0], numericOf = {};
      loaded[1].forEach(function (row) { numericOf[row[0]] = row[2]; });
      var byNumeric = {};
      countries.forEach(function (c) { if (numericOf[c.iso2]) { byNumeric[numericOf[c.iso2]] = c; } });
      var max = Math.max.apply(null, [1].concat(countries.map(function (c) { return c.value; })));
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
          var share = Math.sqrt(Math.max(0, c.value) / max);
          p.setAttribute("class", "named");
          p.setAttribute("fill", "rgba(11, 92, 173, " + (0.2 + 0.8 * share).toFixed(3) + ")");
          p.setAttribute("data-iso2", c.iso2);
          var title = document.createElementNS(SVG, "title");
          title.textContent = c.label + " · " + c.value.toLocaleString();
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
      scaleBar(svg, projection, width, height, scaleWords || "{km} km");
      el.appendChild(svg);
      return drawn;
    });
  }
  window.R2P.worldMap = worldMap;

  R2P.load(function (el, data) {
    var countries = data.countries.map(function (c) {
      return { iso2: c.iso2, label: c.label, href: c.href, value: c.mentions };
    });
    worldMap(el, countries, el.getAttribute("data-static"), el.getAttribute("data-scale-label"))
      .then(function (drawn) {
        el.setAttribute("data-points", String(drawn));
        el.classList.add("drawn");
        if (!data.countries.length) { R2P.empty(el); }
      }).catch(function (err) { el.textContent = String(err); });
  });
})();
