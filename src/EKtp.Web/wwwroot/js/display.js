// The waiting-room board: live through SignalR. When its instance dies the socket reconnects by itself (through the
// load balancer, to another instance) and takes the board as it is now; when the socket cannot be opened or stays
// lost, the page reloads itself once the portal answers again. Announces each newly called number with speech
// synthesis (Indonesian).
(function () {
  'use strict';
  var body = document.body;
  var point = body.dataset.point;
  var reloadMs = (parseInt(body.dataset.reload, 10) || 20) * 1000;
  var stamp = parseInt(body.dataset.stamp, 10) || 0;
  var live = document.getElementById('board-live');
  var reloadTimer = null;

  // Reloads only when the page can be had: a reload while every instance is down would leave an error page that never
  // comes back by itself.
  function fallBackToReload() {
    if (reloadTimer) return;
    reloadTimer = setTimeout(function () {
      reloadTimer = null;
      fetch(window.location.href, { cache: 'no-store' })
        .then(function (r) { if (r.ok) window.location.reload(); else fallBackToReload(); })
        .catch(fallBackToReload);
    }, reloadMs);
  }

  function text(tag, value, className) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    el.textContent = value;
    return el;
  }

  function render(board) {
    var serving = document.getElementById('serving');
    serving.replaceChildren();
    if (board.serving.length === 0) serving.appendChild(text('li', body.dataset.empty, 'board-empty'));
    board.serving.forEach(function (s) {
      var li = document.createElement('li');
      li.appendChild(text('span', body.dataset.counterLabel + ' ' + s.counter, 'board-counter'));
      li.appendChild(document.createTextNode(' '));
      li.appendChild(text('span', s.label, 'board-number'));
      if (board.lastCalled && board.lastCalled.label === s.label && board.callStamp > stamp) li.className = 'flash';
      serving.appendChild(li);
    });
    var next = document.getElementById('next');
    next.replaceChildren();
    board.next.forEach(function (n) { next.appendChild(text('li', n)); });
    document.getElementById('waiting').textContent = board.waiting;
    if (board.lastCalled && board.callStamp > stamp) announce(board.lastCalled);
    stamp = Math.max(stamp, board.callStamp);
  }

  function announce(call) {
    if (!('speechSynthesis' in window)) return;
    var parts = call.label.split('-');
    var words = body.dataset.sayNumber + ' ' + parts[0] + ' ' + parseInt(parts[1], 10) + ', ' + body.dataset.sayCounter + ' ' + call.counter;
    var u = new SpeechSynthesisUtterance(words);
    u.lang = 'id-ID';
    var voice = window.speechSynthesis.getVoices().find(function (v) { return v.lang && v.lang.toLowerCase().indexOf('id') === 0; });
    if (voice) u.voice = voice;
    window.speechSynthesis.speak(u);
  }

  if (!window.signalR) { fallBackToReload(); return; }
  // WebSockets straight away, without the negotiate request: behind a round-robin load balancer the negotiate and the
  // socket may reach different instances, which SignalR's negotiation does not allow.
  var connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/queue', { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect({
      // At once, then every 1–5 s for as long as a reload would wait three times; after that the reload takes over.
      nextRetryDelayInMilliseconds: function (retry) {
        if (retry.elapsedMilliseconds > 3 * reloadMs) return null;
        return Math.min(retry.previousRetryCount, 5) * 1000;
      }
    })
    .build();
  function watch() {
    return connection.invoke('Watch', point).then(function (board) { if (board) render(board); });
  }
  connection.on('board', render);
  connection.onreconnecting(function () { live.textContent = '…'; body.dataset.live = 'reconnecting'; });
  connection.onreconnected(function () {
    watch().then(function () { live.textContent = ''; body.dataset.live = 'connected'; }).catch(fallBackToReload);
  });
  connection.onclose(fallBackToReload);
  connection.start()
    .then(watch)
    .then(function () { body.dataset.live = 'connected'; })
    .catch(fallBackToReload);
})();
