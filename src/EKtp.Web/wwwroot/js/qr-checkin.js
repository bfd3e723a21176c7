// Reads the booking code from the slip's QR code with the device camera (jsQR), fills the check-in field and submits.
// Typing the code always works; the camera buttons only appear where the browser offers a camera.
(function () {
  'use strict';
  var form = document.getElementById('checkin-form');
  var start = document.getElementById('scan-start');
  var stop = document.getElementById('scan-stop');
  var video = document.getElementById('scan-video');
  var status = document.getElementById('scan-status');
  var input = document.getElementById('checkin-code');
  if (!form || !window.jsQR || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  start.hidden = false;
  var stream = null;
  var canvas = document.createElement('canvas');
  var context = canvas.getContext('2d', { willReadFrequently: true });

  function finish() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true; stop.hidden = true; start.hidden = false;
  }

  function tick() {
    if (!stream) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth; canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      // The slip's QR holds the code, alone or inside an address; take the code either way.
      var match = found && /PSM-?[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{7}/i.exec(found.data);
      if (match) {
        input.value = match[0].toUpperCase();
        finish();
        form.requestSubmit();
        return;
      }
    }
    requestAnimationFrame(tick);
  }

  start.addEventListener('click', function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (s) {
      stream = s;
      video.srcObject = s; video.hidden = false; stop.hidden = false; start.hidden = true;
      status.textContent = start.dataset.scanning || '';
      video.play();
      requestAnimationFrame(tick);
    }).catch(function () {
      status.textContent = stop.dataset.denied || '';
      finish();
    });
  });
  stop.addEventListener('click', finish);
})();
