/* Draws the moderation statistics charts with the vendored Chart.js from the numbers the page carries in
 * <script type="application/json" id="trend-data"> (json_script: data, not code, so CSP script-src 'self' holds). */
(function () {
  "use strict";
  var PALETTE = ["#d9480f", "#1971c2", "#2b8a3e", "#e67700", "#862e9c", "#0b7285", "#c92a2a", "#5c940d", "#495057", "#a61e4d"];

  function dataset(label, values, i, extra) {
    var colour = PALETTE[i % PALETTE.length];
    var set = { label: label, data: values, borderColor: colour, backgroundColor: colour, borderWidth: 2, pointRadius: 0, tension: 0.25 };
    for (var k in extra || {}) set[k] = extra[k];
    return set;
  }

  function draw(id, type, labels, datasets, stacked, decimals) {
    var canvas = document.getElementById(id);
    if (!canvas || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: {
          x: { stacked: !!stacked, ticks: { maxTicksLimit: 10 } },
          y: { stacked: !!stacked, beginAtZero: true, ticks: decimals ? {} : { precision: 0 } }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("trend-data");
    if (!node) return;
    var d = JSON.parse(node.textContent);
    var labels = d.labels.map(function (day) { return day.slice(5); });
    draw("chart-intake", "line", labels, [
      dataset(d.text.reports, d.reports, 0),
      dataset(d.text.check_cases, d.check_cases, 1)
    ]);
    draw("chart-actions", "bar", labels, d.actions.map(function (s, i) { return dataset(s.label, s.values, i + 2); }), true);
    draw("chart-categories", "bar", labels, d.categories.map(function (s, i) { return dataset(s.label, s.values, i); }), true);
    draw("chart-wait", "line", labels, [
      dataset(d.text.median, d.wait_median, 0, { spanGaps: true, pointRadius: 2 }),
      dataset(d.text.p90, d.wait_p90, 6, { spanGaps: true, pointRadius: 2, borderDash: [6, 4] })
    ], false, true);
  });
})();
