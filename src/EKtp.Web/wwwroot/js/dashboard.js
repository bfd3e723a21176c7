// Draws the dashboard's charts from the JSON data blocks beside each canvas (no inline script: the CSP forbids it).
// Without JavaScript the canvas stays hidden; the caption (the chart's text alternative) and the table under each
// chart carry the same figures.
(function () {
  'use strict';
  function draw() {
    if (typeof Chart === 'undefined') return;
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute('data-chart'));
      if (!source) return;
      var data = JSON.parse(source.textContent);
      var scales = { y: { beginAtZero: data.type === 'bar', ticks: { callback: function (v) { return v + ' %'; } } } };
      if (data.max) scales.y.max = data.max;
      var datasets = [{
        type: data.type, label: data.label, data: data.values, order: 2,
        backgroundColor: data.colors || '#0d6efd', borderColor: data.colors || '#0a58ca', fill: false, tension: 0.2
      }];
      if (data.target) {
        // The target as a dashed line across the chart.
        datasets.push({
          type: 'line', label: data.targetLabel, data: data.labels.map(function () { return data.target; }), order: 1,
          borderColor: '#212529', borderDash: [6, 4], borderWidth: 2, pointRadius: 0, fill: false
        });
      }
      var box = canvas.closest('[data-chart-box]');
      if (box) box.hidden = false;
      new Chart(canvas, {
        type: data.type,
        data: { labels: data.labels, datasets: datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: !!data.target } }, scales: scales }
      });
      canvas.setAttribute('data-rendered', 'true');
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw); else draw();
})();
