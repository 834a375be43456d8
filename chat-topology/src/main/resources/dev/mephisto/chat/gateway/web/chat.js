// The chat in a browser, over the gateway's WebSocket. Every piece of text from the chat (comments,
// names, feed titles, reasons) goes into the page with textContent, never as HTML.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { socket: null, user: null, session: null, room: null, joined: false, lastSeq: 0, requests: 0,
    wantRoom: null, leaving: false };

  function line(kind, text) {
    const li = document.createElement('li');
    li.className = kind;
    li.textContent = text;
    $('log').appendChild(li);
    $('log').scrollTop = $('log').scrollHeight;
  }

  function setConnection(text) { $('connection').textContent = text; }

  function showMembers(members) {
    const list = $('members');
    list.replaceChildren();
    (members || []).forEach((name) => {
      const li = document.createElement('li');
      li.textContent = name;
      list.appendChild(li);
    });
  }

  async function loadRooms() {
    let rooms;
    try {
      const response = await fetch('rooms', { cache: 'no-store' });
      rooms = await response.json();
    } catch (e) {
      $('lobby-error').textContent = 'the room directory is not reachable: ' + e;
      return;
    }
    const body = $('rooms').querySelector('tbody');
    body.replaceChildren();
    rooms.forEach((r) => {
      const tr = document.createElement('tr');
      tr.dataset.room = String(r.room);
      [String(r.room), r.members.join(', '), r.occupancy + ' / ' + r.capacity, r.sportFilter, r.executionFilter]
        .forEach((text) => { const td = document.createElement('td'); td.textContent = text; tr.appendChild(td); });
      const td = document.createElement('td');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'join';
      button.id = 'join-' + r.room;
      button.textContent = r.occupancy >= r.capacity ? 'Full' : 'Join';
      button.addEventListener('click', () => join(r.room));
      td.appendChild(button);
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  function send(request) {
    if (!state.socket || state.socket.readyState !== WebSocket.OPEN) {
      line('denied', '! not connected to the gateway');
      return;
    }
    request.requestId = 'r' + (++state.requests);
    request.ts = Date.now();
    state.socket.send(JSON.stringify(request));
  }

  function connect(onOpen) {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat';
    const socket = new WebSocket(url);
    state.socket = socket;
    setConnection('connecting...');
    socket.addEventListener('open', () => { setConnection('connected'); onOpen(); });
    socket.addEventListener('message', (e) => {
      let d;
      try { d = JSON.parse(e.data); } catch (err) { return; }
      onDelivery(d);
    });
    socket.addEventListener('close', (e) => {
      if (state.socket !== socket) { return; }
      setConnection('offline' + (e.reason ? ': ' + e.reason : ''));
      if (state.joined && !state.leaving) {
        // the gateway went away: come back under the same session, and the room sends its history again
        line('status', '* connection lost; reconnecting...');
        setTimeout(() => connect(() => send({ type: 'JOIN', user: state.user, session: state.session, room: state.room })), 1000);
      }
    });
  }

  function join(room) {
    const name = $('name').value.trim();
    if (!name) {
      $('lobby-error').textContent = 'pick a name first';
      return;
    }
    $('lobby-error').textContent = '';
    state.user = name;
    state.wantRoom = room;
    state.leaving = false;
    if (state.socket) { state.socket.close(1000, 'another join'); }
    state.session = null;
    connect(() => send({ type: 'JOIN', user: name, room: room }));
  }

  function enterRoom(room) {
    state.room = room;
    state.joined = true;
    $('lobby').hidden = true;
    $('room').hidden = false;
    $('room-title').textContent = 'Room ' + room + ' as ' + state.user;
    $('comment').focus();
  }

  function backToLobby(message) {
    state.joined = false;
    state.room = null;
    $('room').hidden = true;
    $('lobby').hidden = false;
    $('log').replaceChildren();
    state.lastSeq = 0;
    if (message) { $('lobby-error').textContent = message; }
    loadRooms();
  }

  function onDelivery(d) {
    switch (d.type) {
      case 'CONNECTED':
        state.session = state.session || d.session;
        return;
      case 'ERROR':
        if (state.joined) { line('denied', '! ' + d.reason); } else { $('lobby-error').textContent = d.reason; }
        return;
      case 'ROOM_STATUS':
        return onStatus(d);
      case 'HISTORY':
        (d.history || []).forEach((h) => {
          if (h.seq != null && h.seq <= state.lastSeq) { return; }
          if (h.seq != null) { state.lastSeq = h.seq; }
          line('history', h.from + ': ' + h.text);
        });
        return;
      case 'COMMENT':
        if (d.seq != null) {
          if (d.seq <= state.lastSeq) { return; }
          state.lastSeq = d.seq;
        }
        line('comment', d.from + ': ' + d.text);
        return;
      case 'NOTICE':
        line('notice', d.text);
        return;
      case 'EVENT':
        line('event', '[sport ' + d.event.sport + '] ' + d.event.matchTitle + ': ' + d.event.dataEvent);
        return;
      case 'EXECUTION':
        line('execution', '[' + d.execution.market + '] ' + d.execution.symbol + ' ' + d.execution.quantity + ' @ '
          + d.execution.price);
        return;
      default:
        return;
    }
  }

  function onStatus(d) {
    const s = d.status;
    if (s === 'PENDING') { return; }
    if (s && s.indexOf('DENIED_') === 0) {
      const reasons = { DENIED_NAMETAKEN: 'the name is taken', DENIED_ROOMFULL: 'the room is full',
        DENIED_BADROOMID: 'there is no such room' };
      const text = (reasons[s] || s) + (d.reason ? ': ' + d.reason : '');
      if (state.socket) { state.socket.close(1000, 'denied'); }
      backToLobby(text);
      return;
    }
    if (s && s.indexOf('REJECTED_') === 0) {
      line('denied', '! ' + (d.reason || s));
      return;
    }
    if (d.members) { showMembers(d.members); }
    if (d.sportFilter) {
      $('current-filters').textContent = 'sport: ' + d.sportFilter + ' · execution: ' + d.executionFilter;
    }
    if (s === 'USERJOINED') {
      if (d.subject === state.user) {
        if (!state.joined || state.room !== d.room) { enterRoom(d.room); }
      }
      line('status', '* ' + d.subject + ' joined');
    } else if (s === 'USEREXITED') {
      line('status', '* ' + d.subject + ' left' + (d.reason ? ' (' + d.reason + ')' : ''));
      if (d.subject === state.user) {
        state.leaving = true;
        if (state.socket) { state.socket.close(1000, 'left'); }
        backToLobby(d.reason === 'timed out' ? 'your session timed out' : '');
      }
    } else if (s === 'FILTERAPPLIED') {
      line('status', '* ' + d.subject + ' set the filters: sport [' + d.sportFilter + '] execution ['
        + d.executionFilter + ']');
    }
  }

  $('say').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('comment').value.trim();
    $('comment').value = '';
    if (!text) { return; }
    if (text === '/quit') { return leave(); }
    const join = /^\/join\s+(\d+)$/.exec(text);
    if (join) { return send({ type: 'JOIN', room: Number(join[1]) }); }
    const filter = /^\/filter\s+(sport|execution)\s+(.+)$/.exec(text);
    if (filter) {
      return send(filter[1] === 'sport' ? { type: 'FILTER', sportFilter: filter[2] }
        : { type: 'FILTER', executionFilter: filter[2] });
    }
    send({ type: 'COMMENT', text: text });
  });

  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    const sport = $('sport-filter').value.trim();
    const execution = $('execution-filter').value.trim();
    send({ type: 'FILTER', sportFilter: sport || 'SAME', executionFilter: execution || 'SAME' });
  });

  function leave() {
    state.leaving = true;
    send({ type: 'LEAVE' });
  }

  $('leave').addEventListener('click', leave);
  $('refresh').addEventListener('click', () => { $('lobby-error').textContent = ''; loadRooms(); });
  setInterval(() => {
    if (state.joined && state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify({ type: 'HEARTBEAT', ts: Date.now() }));
    }
  }, 10000);
  loadRooms();
}());
