// The staff queue page, live for every counter of a point: it watches the point's board channel (the same SignalR hub
// and Redis backplane as the waiting-room board, decision 1602) and, at each change, fetches the page again and swaps
// the parts marked data-live (called, waiting, today's appointments, the counts). The forms an operator may be typing
// in are not touched. Without JavaScript, or while the channel is down, the page is as fresh as its last load.
(function () {
  'use strict';
  var root = document.getElementById('queue-live');
  if (!root || !window.signalR) return;
  var point = root.dataset.point;
  var busy = false;
  var again = false;

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(window.location.pathname, { cache: 'no-store', credentials: 'same-origin', headers: { 'X-Queue-Refresh': '1' } })
      .then(function (r) { if (!r.ok) throw new Error('queue page ' + r.status); return r.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html');
        document.querySelectorAll('[data-live]').forEach(function (el) {
          var next = fresh.getElementById(el.id);
          if (next) el.replaceWith(document.importNode(next, true));
        });
        root.dataset.refreshed = String((parseInt(root.dataset.refreshed, 10) || 0) + 1);
      })
      .catch(function () { /* the next change, or the operator's next action, brings the lists up to date */ })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  // WebSockets without negotiation, as the board: behind round-robin HAProxy both requests may reach different instances.
  var connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/queue', { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
    .withAutomaticReconnect()
    .build();
  function watch() { return connection.invoke('Watch', point); }
  connection.on('board', refresh);
  connection.onreconnecting(function () { root.dataset.live = 'reconnecting'; });
  // Changes made while the channel was away arrive as one refresh.
  connection.onreconnected(function () {
    watch().then(function () { root.dataset.live = 'connected'; refresh(); });
  });
  connection.onclose(function () { root.dataset.live = 'off'; });
  connection.start()
    .then(watch)
    .then(function () { root.dataset.live = 'connected'; })
    .catch(function () { root.dataset.live = 'off'; });
})();
