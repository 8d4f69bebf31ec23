/* The report's statistics: one axis per unit, and for counts one small chart per thing counted, so
   that unrelated figures never share an axis. A bar opens the paragraph that states the figure. */
(function () {
  "use strict";

  function label(i, withMeasure) {
    var parts = withMeasure ? [i.measure, i.period] : [i.period, i.place];
    parts = parts.filter(Boolean);
    return parts.join(" · ");
  }

  function chart(block, items, withMeasure) {
    var canvas = document.createElement("canvas");
    block.appendChild(canvas);
    var values = items.map(function (i) { return i.value; }).filter(function (v) { return v > 0; });
    var spread = values.length ? Math.max.apply(null, values) / Math.min.apply(null, values) : 1;
    block.style.height = (withMeasure ? Math.max(8, 2 + items.length * 1.6) : 3.5 + items.length * 1.9) + "rem";
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: items.map(function (i) { return label(i, withMeasure); }),
        datasets: [{ data: items.map(function (i) { return i.value; }), backgroundColor: "rgba(11, 92, 173, 0.7)" }]
      },
      options: {
        indexAxis: "y", maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: false }, tooltip: { callbacks: { afterLabel: function (ctx) {
          var i = items[ctx.dataIndex]; return i.source ? i.source : "";
        } } } },
        scales: {
          x: { beginAtZero: true, type: spread > 1000 ? "logarithmic" : "linear", ticks: { maxTicksLimit: withMeasure ? 11 : 4,
            callback: function (v) {
              var e = Math.log10(v); return spread <= 1000 || Math.abs(e - Math.round(e)) < 1e-9 ? Number(v).toLocaleString() : ""; } } },
          y: { ticks: { autoSkip: false, font: { size: 11 },
            callback: function (v) { var s = this.getLabelForValue(v); s = Array.isArray(s) ? s.join(" ") : s;
              return s.length > 60 ? s.slice(0, 58) + "…" : s; } } }
        },
        onClick: function (evt, active) {
          var item = active.length ? items[active[0].index] : null;
          if (item && (item.stated_href || item.source_href)) {
            window.location.href = item.stated_href || item.source_href;
          }
        }
      }
    });
  }

  R2P.load(function (el, data) {
    if (!data.groups.length) { R2P.empty(el); return; }
    var count = 0, axes = 0, unit = null, grid = null;
    data.groups.forEach(function (group) {
      if (group.unit !== unit) {  // a heading per unit; its counts of different things side by side
        unit = group.unit;
        var h = document.createElement("h2");
        h.textContent = group.unit;
        el.appendChild(h);
        grid = null;
      }
      var block = document.createElement("div");
      block.className = "chart-block";
      block.setAttribute("data-unit", group.unit);
      if (group.measure) {
        if (!grid) { grid = document.createElement("div"); grid.className = "small-multiples"; el.appendChild(grid); }
        var panel = document.createElement("figure");
        panel.className = "small-multiple";
        var caption = document.createElement("figcaption");
        caption.textContent = group.measure;
        panel.appendChild(caption);
        panel.appendChild(block);
        grid.appendChild(panel);
      } else {
        el.appendChild(block);
      }
      chart(block, group.items, !group.measure);
      count += group.items.length;
      axes += 1;
    });
    el.setAttribute("data-points", String(count));
    el.setAttribute("data-axes", String(axes));
    el.classList.add("drawn");
  });
})();
