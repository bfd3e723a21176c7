// Draws the slip on the page (heading, QR code, booking code, time, place, ...) into a PNG and downloads it, so the
// resident keeps it in the phone's gallery. Everything comes from the page: no request, no library (decision 1404).
// Without JavaScript the button stays hidden; the page itself can be saved or printed.
(function () {
  'use strict';
  var button = document.getElementById('slip-download');
  var slip = document.querySelector('.slip');
  var svg = slip && slip.querySelector('svg.slip-qr');
  if (!button || !svg || !window.HTMLCanvasElement || !window.XMLSerializer) return;
  button.hidden = false;

  var width = 720, pad = 36, qrSize = 280;

  function lines(context, text, maxWidth) {
    var words = text.split(/\s+/), out = [], line = '';
    words.forEach(function (w) {
      var next = line ? line + ' ' + w : w;
      if (line && context.measureText(next).width > maxWidth) { out.push(line); line = w; } else { line = next; }
    });
    if (line) out.push(line);
    return out;
  }

  function text(el) { return el ? el.textContent.replace(/\s+/g, ' ').trim() : ''; }

  function draw(qr) {
    var rows = [];
    rows.push({ font: 'bold 30px sans-serif', text: text(slip.querySelector('#slip-heading')) });
    rows.push({ font: '20px sans-serif', text: text(slip.querySelector('.slip-header p')) });
    rows.push({ qr: true });
    rows.push({ font: 'bold 44px monospace', text: text(slip.querySelector('#booking-code')), center: true });
    var terms = slip.querySelectorAll('.slip-details dt');
    terms.forEach(function (dt) {
      rows.push({ font: 'bold 22px sans-serif', text: text(dt) });
      rows.push({ font: '24px sans-serif', text: text(dt.nextElementSibling) });
    });
    rows.push({ font: '20px sans-serif', text: text(slip.querySelector('.slip-note')) });

    var canvas = document.createElement('canvas');
    var context = canvas.getContext('2d');
    // Measure first, then draw on a canvas of the right height.
    var height = pad, laidOut = [];
    rows.forEach(function (r) {
      if (r.qr) { laidOut.push({ qr: true, y: height + 12 }); height += qrSize + 24; return; }
      context.font = r.font;
      var size = parseInt(r.font.match(/(\d+)px/)[1], 10);
      lines(context, r.text, width - 2 * pad).forEach(function (l) {
        laidOut.push({ font: r.font, text: l, y: height + size, center: r.center });
        height += Math.round(size * 1.35);
      });
      height += 6;
    });
    canvas.width = width;
    canvas.height = height + pad;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = '#000000';
    context.lineWidth = 4;
    context.strokeRect(2, 2, canvas.width - 4, canvas.height - 4);
    context.fillStyle = '#000000';
    laidOut.forEach(function (l) {
      if (l.qr) { context.drawImage(qr, (width - qrSize) / 2, l.y, qrSize, qrSize); return; }
      context.font = l.font;
      context.textAlign = l.center ? 'center' : 'left';
      context.fillText(l.text, l.center ? width / 2 : pad, l.y);
    });
    canvas.toBlob(function (blob) {
      var link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = button.getAttribute('data-file') || 'bukti-janji.png';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    }, 'image/png');
  }

  button.addEventListener('click', function () {
    var qr = new Image();
    qr.onload = function () { draw(qr); };
    qr.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
  });
})();
