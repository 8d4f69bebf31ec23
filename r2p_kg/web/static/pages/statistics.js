/* The report's statistics, one bar chart per unit; a bar opens the paragraph that states it. */
(function () {
  "use strict";
  R2P.load(function (el, data) {
    if (!data.groups.length) { R2P.empty(el); return; }
    var count = 0;
    data.groups.forEach(function (group) {
      var block = document.createElement("div");
      block.className = "chart-block";
      var h = document.createElement("h2");
      h.textContent = group.unit;
      el.appendChild(h);
      el.appendChild(block);
      var canvas = document.createElement("canvas");
      block.appendChild(canvas);
      var items = group.items;
      var values = items.map(function (i) { return i.value; }).filter(function (v) { return v > 0; });
      var spread = values.length ? Math.max.apply(null, values) / Math.min.apply(null, values) : 1;
      block.style.height = Math.max(8, 2 + items.length * 1.6) + "rem";
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: items.map(function (i) { return [i.measure, i.period].filter(Boolean).join(" · "); }),
          datasets: [{ data: items.map(function (i) { return i.value; }), backgroundColor: "rgba(11, 92, 173, 0.7)" }]
        },
        options: {
          indexAxis: "y", maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false }, tooltip: { callbacks: { afterLabel: function (ctx) {
            var i = items[ctx.dataIndex]; return i.source ? i.source : "";
          } } } },
          scales: {
            x: { type: spread > 1000 ? "logarithmic" : "linear", ticks: { callback: function (v) {
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
      count += items.length;
    });
    el.setAttribute("data-points", String(count));
    el.classList.add("drawn");
  });
})();
