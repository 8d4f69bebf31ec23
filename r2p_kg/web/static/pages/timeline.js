/* The timeline of cited instruments: year across, adopting organ down (Chart.js). */
(function () {
  "use strict";
  R2P.load(function (el, data) {
    if (!data.items.length) { R2P.empty(el); return; }
    var canvas = document.createElement("canvas");
    el.appendChild(canvas);
    var organs = data.organs;
    var points = data.items.map(function (i) {
      return { x: i.year, y: i.organ, r: 4 + 3 * Math.sqrt(i.citations), item: i };
    });
    var chart = new Chart(canvas, {
      type: "bubble",
      data: { datasets: [{ data: points, backgroundColor: "rgba(11, 92, 173, 0.55)", borderColor: "#0b5cad" }] },
      options: {
        maintainAspectRatio: false, animation: false,
        scales: {
          x: { type: "linear", ticks: { precision: 0, callback: function (v) { return String(v); } } },
          y: { type: "category", labels: organs, offset: true }
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) {
            var i = ctx.raw.item; return (i.symbol ? i.symbol + " · " : "") + i.label + " (" + i.year + ")";
          } } }
        },
        onClick: function (evt, active) {
          if (active.length) { window.location.href = points[active[0].index].item.href; }
        }
      }
    });
    el.setAttribute("data-points", String(chart.data.datasets[0].data.length));
    el.classList.add("drawn");
  });
})();
