// The waiting-room board: live through SignalR; when the socket cannot be opened or is lost for good, the page
// reloads itself every few seconds instead. Announces each newly called number with speech synthesis (Indonesian).
(function () {
  'use strict';
  var body = document.body;
  var point = body.dataset.point;
  var reloadMs = (parseInt(body.dataset.reload, 10) || 20) * 1000;
  var stamp = parseInt(body.dataset.stamp, 10) || 0;
  var live = document.getElementById('board-live');
  var reloadTimer = null;

  function fallBackToReload() {
    if (reloadTimer) return;
    reloadTimer = setTimeout(function () { window.location.reload(); }, reloadMs);
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
  var connection = new signalR.HubConnectionBuilder().withUrl('/hubs/queue').withAutomaticReconnect().build();
  connection.on('board', render);
  connection.onreconnecting(function () { live.textContent = '…'; });
  connection.onreconnected(function () { connection.invoke('Watch', point); live.textContent = ''; });
  connection.onclose(fallBackToReload);
  connection.start()
    .then(function () { return connection.invoke('Watch', point); })
    .then(function () { body.dataset.live = 'connected'; })
    .catch(fallBackToReload);
})();
