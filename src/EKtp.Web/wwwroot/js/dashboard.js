// Draws the dashboard's charts from the JSON data blocks beside each canvas (no inline script: the CSP forbids it).
// Without JavaScript the tables under each chart carry the same figures.
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
      new Chart(canvas, {
        type: data.type,
        data: {
          labels: data.labels,
          datasets: [{ label: data.label, data: data.values, backgroundColor: '#0d6efd', borderColor: '#0a58ca', fill: false, tension: 0.2 }]
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: scales }
      });
      canvas.setAttribute('data-rendered', 'true');
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw); else draw();
})();
