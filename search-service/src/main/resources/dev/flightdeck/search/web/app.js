// Flightdeck flight search page: API key handling, airport autocomplete (ARIA combobox), flight
// search with paging and facets, and a self-updating seat map (ETag polling). No libraries; all API
// text goes into the DOM through textContent, never innerHTML.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const KEY_STORE = 'flightdeck.search.apiKey';
  const CABINS = { F: 'First', J: 'Business', Y: 'Economy' };
  let apiKey = sessionStorage.getItem(KEY_STORE) || '';

  const apiError = (status, message, retryAfter = null) => Object.assign(new Error(message), { status, retryAfter });

  /** Creates an element with a class, text, attributes and children (text is never parsed as HTML). */
  function el(tag, { cls, text, attrs } = {}, ...children) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // ---- messages: one live region; `owner` lets e.g. the seat map clear only what it said itself ----
  let messageOwner = null;
  function setMessage(text, { error = false, owner = 'search' } = {}) {
    const box = $('message');
    box.textContent = text;
    box.classList.toggle('error', error);
    box.classList.toggle('info', !error && text !== '');
    messageOwner = owner;
  }
  function clearMessage(owner) {
    if (owner === undefined || owner === messageOwner) setMessage('', { owner: null });
  }

  // ---- API key: sessionStorage, or #key=... in the URL (then removed from the address bar) ----
  const showKeyForm = () => { $('api-key-panel').hidden = false; };
  function storeKey(key) {
    apiKey = key.trim();
    if (apiKey) sessionStorage.setItem(KEY_STORE, apiKey); else sessionStorage.removeItem(KEY_STORE);
  }
  if (location.hash.startsWith('#key=')) {
    storeKey(decodeURIComponent(location.hash.slice(5)));
    history.replaceState(null, '', location.pathname + location.search);
  }

  /** GET an /api path with the key; resolves {status, body, etag}; rejects with an Error carrying status/retryAfter (or an AbortError). */
  async function api(path, { etag, signal } = {}) {
    if (!apiKey) { showKeyForm(); throw apiError(401, 'Enter your API key to search.'); }
    const headers = { 'X-Api-Key': apiKey, Accept: 'application/json' };
    if (etag) headers['If-None-Match'] = etag;
    const response = await fetch(path, { headers, signal, cache: 'no-store' })
      .catch((e) => { throw e.name === 'AbortError' ? e : apiError(0, 'Cannot reach the search service.'); });
    if (response.status === 304) return { status: 304, body: null, etag: response.headers.get('ETag') || etag };
    let body = null;
    try { body = await response.json(); } catch (e) { if (e.name === 'AbortError') throw e; }
    if (response.ok) return { status: response.status, body, etag: response.headers.get('ETag') };
    if (response.status === 401) {
      storeKey('');
      showKeyForm();
      throw apiError(401, 'The API key is missing or not valid — enter it below.');
    }
    const retry = parseInt(response.headers.get('Retry-After') || '', 10);
    throw apiError(response.status, (body && body.error) || `The search service answered ${response.status}.`,
      Number.isFinite(retry) && retry >= 0 ? retry : null);
  }

  // ---- formatting ----
  function formatTime(iso) {
    const date = new Date(iso);
    if (!iso || Number.isNaN(date.getTime())) return iso || '—';
    return date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }
  function formatAge(ms) {
    const s = ms / 1000;
    if (s < 60) return `${s.toFixed(1)} s old`;
    return s < 3600 ? `${Math.floor(s / 60)} min old` : `${Math.floor(s / 3600)} h old`;
  }
  function freshnessText(seats, extraMillis = 0) {
    if (!seats) return '';
    const age = typeof seats.ageMillis === 'number' ? ` · ${formatAge(seats.ageMillis + extraMillis)}` : '';
    if (seats.source === 'redis') return `live${age}`;
    if (seats.source === 'elasticsearch') return `from search index${age} (live counts unavailable)`;
    return `from the seat-availability service${age} (live counts unavailable)`;
  }
  const formatFare = (amount, currency) => (typeof amount === 'number' ? `${amount.toFixed(2)} ${currency || ''}`.trim() : '—');
  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const cabinName = (code) => (CABINS[code] ? `${CABINS[code]} (${code})` : code);

  // ---- airport autocomplete: ARIA 1.2 combobox (input) with a listbox popup ----
  function combobox(input, list) {
    let items = [], active = -1, timer = null, controller = null;
    function close() {
      list.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      setActive(-1);
    }
    function open() {
      if (!items.length) return close();
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }
    function setActive(index) {
      active = index;
      [...list.children].forEach((li, i) => {
        li.setAttribute('aria-selected', String(i === index));
        li.classList.toggle('active', i === index);
      });
      if (index < 0) return input.removeAttribute('aria-activedescendant');
      input.setAttribute('aria-activedescendant', list.children[index].id);
      list.children[index].scrollIntoView({ block: 'nearest' });
    }
    function pick(index) {
      if (!items[index]) return;
      clearTimeout(timer);
      if (controller) controller.abort();
      input.value = items[index].code;
      close();
    }
    async function lookup() {
      const q = input.value.trim();
      if (controller) controller.abort();
      if (!q) { items = []; list.replaceChildren(); return close(); }
      const mine = controller = new AbortController();
      try {
        const result = await api(`/api/airports?q=${encodeURIComponent(q)}&limit=8`, { signal: mine.signal });
        if (mine !== controller) return;
        items = (result.body && result.body.airports) || [];
        list.replaceChildren(...items.map((a, i) => el('li', {
          cls: 'option',
          text: `${a.code} — ${a.name}${a.city ? ` (${a.city})` : ''}`,
          attrs: { id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false', 'data-code': a.code },
        })));
        active = -1;
        if (document.activeElement === input) open(); else close();
      } catch (e) {
        if (e.status === 401) setMessage(e.message, { error: true });
      }
    }

    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(lookup, 150); });
    input.addEventListener('keydown', (event) => {
      const count = items.length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (!count) return void lookup();
        open();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (event.key === 'Enter' && !list.hidden && active >= 0) {
        event.preventDefault();
        pick(active);
      } else if (event.key === 'Escape' && !list.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === 'Tab' || event.key === 'Enter') {
        clearTimeout(timer); // Enter without a chosen option submits the form as typed
        close();
      }
    });
    input.addEventListener('blur', close);
    list.addEventListener('mousedown', (event) => event.preventDefault()); // keeps focus in the input
    list.addEventListener('click', (event) => {
      const li = event.target.closest('[role="option"]');
      if (li) pick([...list.children].indexOf(li));
    });
  }

  // ---- search ----
  const form = $('search-form');
  const searchButton = $('search-button');
  const moreButton = $('more-button');
  const results = $('results');
  const FIELDS = [['from', 'origin'], ['to', 'destination'], ['date', 'date'], ['dateTo', 'date-to'], ['cabin', 'cabin'],
    ['seats', 'seats'], ['maxFare', 'max-fare'], ['flightNumber', 'flight-number'], ['sort', 'sort']];
  let lastParams = null, nextCursor = null, searchController = null, retryTimer = null, blockedUntil = 0;

  function formParams() {
    const params = new URLSearchParams();
    for (const [name, id] of FIELDS) {
      const value = $(id).value.trim();
      if (value) params.set(name, value);
    }
    params.set('size', '20');
    return params;
  }

  /** After a 429: the search (and More) buttons stay disabled for Retry-After seconds. */
  function blockSearch(seconds) {
    blockedUntil = Date.now() + seconds * 1000;
    searchButton.disabled = moreButton.disabled = true;
    setTimeout(() => {
      if (Date.now() + 50 < blockedUntil) return;
      searchButton.disabled = moreButton.disabled = false;
      clearMessage('rate-limit');
    }, seconds * 1000);
  }

  async function search(params, append) {
    clearTimeout(retryTimer);
    if (searchController) searchController.abort();
    const controller = searchController = new AbortController();
    const query = new URLSearchParams(params);
    if (append && nextCursor) query.set('after', nextCursor);
    results.setAttribute('aria-busy', 'true');
    try {
      const { body } = await api(`/api/flights?${query}`, { signal: controller.signal });
      if (controller !== searchController) return;
      clearMessage();
      renderResults(body, append);
    } catch (e) {
      if (e.name !== 'AbortError') searchError(e, params, append);
    } finally {
      if (controller === searchController) results.removeAttribute('aria-busy');
    }
  }

  function searchError(e, params, append) {
    const wait = e.retryAfter ?? 5;
    if (e.status === 429) {
      setMessage(`Too many requests — you can search again in ${wait} s.`, { error: true, owner: 'rate-limit' });
      blockSearch(wait);
    } else if (e.status === 503) {
      setMessage(`Flight search is unavailable right now (a service it depends on is down); retrying in ${wait} s.`, { error: true });
      retryTimer = setTimeout(() => search(params, append), wait * 1000);
    } else {
      setMessage(e.message, { error: true }); // 400: the API's text names the parameter
    }
  }

  function renderResults(body, append) {
    const flights = (body && body.flights) || [];
    const items = flights.map(renderFlight);
    if (append) results.append(...items); else results.replaceChildren(...items);
    nextCursor = body ? body.next : null;
    moreButton.hidden = !nextCursor;
    const total = (body && body.total) || 0;
    $('total').textContent = plural(total, 'flight') + (body && body.seatsSource === 'elasticsearch'
      ? ' · seat counts from the search index (live counts unavailable)' : '');
    if (append) return items.length && items[0].focus();
    renderFacets(total > 0 ? body.facets : null);
    if (total === 0 && flights.length === 0) setMessage('No flights match — try another date or fewer filters.');
  }

  function renderFlight(f) {
    const place = (code, city) => (city ? `${code} (${city})` : code || '?');
    const cabins = el('ul', { cls: 'cabins', attrs: { 'aria-label': 'Free seats per cabin' } },
      ...(f.cabins || []).map((c) => el('li', { cls: 'cabin' },
        el('span', { cls: 'cabin-name', text: `${cabinName(c.cabin)}: ` }),
        el('span', { cls: 'free-seats', text: c.available, attrs: { 'data-cabin': c.cabin } }),
        el('span', { cls: 'capacity', text: ` free of ${c.capacity}` }))));
    const button = el('button', { cls: 'seat-map-button', text: 'Seat map',
      attrs: { type: 'button', 'aria-label': `Seat map for ${f.flightNumber}` } });
    button.addEventListener('click', () => openSeatMap(f, button));
    const time = (cls, iso) => el('time', { cls, text: formatTime(iso), attrs: { datetime: iso || '' } });
    return el('li', { cls: 'flight', attrs: { 'data-flight-id': f.flightId, tabindex: '-1' } },
      el('div', { cls: 'flight-head' },
        el('h3', { cls: 'flight-number', text: f.flightNumber }),
        el('span', { cls: 'status', text: f.status }),
        el('span', { cls: 'fare', text: formatFare(f.baseFare, f.currency) })),
      el('p', { cls: 'route', text: `${place(f.origin, f.originCity)} → ${place(f.destination, f.destinationCity)}${f.aircraftType ? ` · ${f.aircraftType}` : ''}` }),
      el('dl', { cls: 'times' }, el('dt', { text: 'Departs' }), el('dd', {}, time('departure', f.departureTime)),
        el('dt', { text: 'Arrives' }), el('dd', {}, time('arrival', f.arrivalTime))),
      cabins,
      el('p', { cls: 'freshness', text: freshnessText(f.seats) }),
      button);
  }

  function renderFacets(facets) {
    $('facets').hidden = !facets;
    if (!facets) return;
    const list = (id, entries, unit) => {
      const max = Math.max(1, ...entries.map(([, count]) => count));
      $(id).replaceChildren(...entries.map(([label, count]) => el('li', { cls: 'facet-entry' },
        el('span', { cls: 'facet-label', text: label }),
        el('meter', { attrs: { min: 0, max, value: count, 'aria-hidden': 'true' } }),
        el('span', { cls: 'facet-count', text: plural(count, unit) }))));
    };
    list('facet-hours', [...(facets.departureHour || [])].sort((a, b) => a.hour - b.hour)
      .map((h) => [`${String(h.hour).padStart(2, '0')}:00`, h.count]), 'flight');
    list('facet-fares', (facets.fare || []).map((r) =>
      [r.to === null || r.to === undefined ? `${r.from} and more` : `${r.from}–${r.to}`, r.count]), 'flight');
    list('facet-seats', Object.entries(facets.freeSeats || {}).map(([cabin, n]) => [cabinName(cabin), n]), 'seat');
  }

  // ---- seat map: polls every second with If-None-Match; pauses while the page is hidden ----
  const seatMap = { flightId: null, etag: null, timer: null, controller: null, layout: null, seats: null, receivedAt: 0, returnFocus: null };

  function stopPolling() {
    clearTimeout(seatMap.timer);
    if (seatMap.controller) seatMap.controller.abort();
    seatMap.controller = null;
  }

  function openSeatMap(flight, button) {
    stopPolling();
    Object.assign(seatMap, { flightId: flight.flightId, etag: null, layout: null, seats: null, returnFocus: button });
    clearMessage('seat-map');
    $('seat-map-title').textContent = `Seat map — ${flight.flightNumber} (${flight.origin} → ${flight.destination})`;
    $('seat-counts').textContent = 'Loading seat map…';
    $('seat-freshness').textContent = '';
    $('seat-map-note').hidden = true;
    $('seat-map-cabins').replaceChildren();
    $('seat-map').hidden = false;
    $('seat-map-title').focus();
    pollSeatMap();
  }

  function closeSeatMap() {
    stopPolling();
    seatMap.flightId = null;
    $('seat-map').hidden = true;
    clearMessage('seat-map');
    if (seatMap.returnFocus && seatMap.returnFocus.isConnected) seatMap.returnFocus.focus();
  }

  async function pollSeatMap() {
    stopPolling();
    const id = seatMap.flightId;
    if (id === null || document.hidden) return;
    const controller = seatMap.controller = new AbortController();
    let delay = 1000;
    try {
      const result = await api(`/api/flights/${encodeURIComponent(id)}/seatmap`, { etag: seatMap.etag, signal: controller.signal });
      if (controller !== seatMap.controller) return;
      if (result.status !== 304) {
        seatMap.etag = result.etag;
        renderSeatMap(result.body);
      }
      $('seat-freshness').textContent = freshnessText(seatMap.seats, Date.now() - seatMap.receivedAt);
      clearMessage('seat-map');
    } catch (e) {
      if (e.name === 'AbortError' || controller !== seatMap.controller) return;
      const wait = e.retryAfter ?? 5;
      if (e.status === 503) {
        setMessage(`The seat map is unavailable right now (a service it depends on is down); retrying in ${wait} s.`, { error: true, owner: 'seat-map' });
        delay = wait * 1000;
      } else if (e.status === 429) {
        delay = wait * 1000;
      } else if (e.status === 0) {
        setMessage(e.message, { error: true, owner: 'seat-map' });
        delay = 3000;
      } else {
        setMessage(e.message, { error: true, owner: e.status === 401 ? 'search' : 'seat-map' });
        return; // 400/401/404: asking again would not help (a saved key restarts polling)
      }
    }
    if (controller === seatMap.controller) seatMap.timer = setTimeout(pollSeatMap, delay);
  }

  function renderSeatMap(map) {
    if (!map) return;
    seatMap.seats = map.seats;
    seatMap.receivedAt = Date.now();
    if (map.flightNumber) $('seat-map-title').textContent = `Seat map — ${map.flightNumber} (${map.origin} → ${map.destination})`;
    $('seat-counts').textContent = `${map.taken} taken · ${map.free} free`;
    Object.assign($('seat-map-note'), { textContent: map.note || '', hidden: !map.note });
    const cabins = map.cabins || [];
    const layout = JSON.stringify(cabins.map((c) => [c.cabin, c.letters, (c.rows || []).map((r) => r.seats.map((s) => s.seat))]));
    if (layout !== seatMap.layout) {
      seatMap.layout = layout;
      return $('seat-map-cabins').replaceChildren(...cabins.map(renderCabin));
    }
    // Same layout: only flip taken/free on the seats that changed, so focus and scrolling stay put.
    const nodes = new Map([...$('seat-map-cabins').querySelectorAll('.seat')].map((s) => [s.dataset.seat, s]));
    for (const cabin of cabins) for (const row of cabin.rows || []) for (const seat of row.seats) {
      const node = nodes.get(seat.seat);
      if (node && node.dataset.taken !== String(Boolean(seat.taken))) setSeat(node, seat);
    }
  }

  function setSeat(node, seat) {
    const taken = Boolean(seat.taken);
    node.dataset.taken = String(taken);
    node.classList.toggle('taken', taken);
    node.textContent = taken ? '×' : seat.letter;
    node.setAttribute('aria-label', `Seat ${seat.seat}, ${taken ? 'taken' : 'free'}`);
  }

  /** One cabin as rows of seats; the aisle goes where the cabin's letters split into halves. */
  function renderCabin(cabin) {
    const letters = cabin.letters || [];
    const split = Math.ceil(letters.length / 2);
    const line = (number, cell, attrs) => {
      const row = el('div', { cls: 'seat-row', attrs }, el('span', { cls: 'row-number', text: number, attrs: { 'aria-hidden': 'true' } }));
      letters.forEach((letter, i) => {
        if (i === split) row.append(el('span', { cls: 'aisle', attrs: { 'aria-hidden': 'true' } }));
        row.append(cell(letter));
      });
      return row;
    };
    const header = line('', (letter) => el('span', { cls: 'letter', text: letter }), { 'aria-hidden': 'true' });
    const rows = (cabin.rows || []).map((r) => {
      const bySeat = new Map(r.seats.map((s) => [s.letter, s]));
      return line(r.row, (letter) => {
        const seat = bySeat.get(letter);
        if (!seat) return el('span', { cls: 'no-seat', attrs: { 'aria-hidden': 'true' } });
        const node = el('span', { cls: 'seat', attrs: { role: 'img', 'data-seat': seat.seat } });
        setSeat(node, seat);
        return node;
      });
    });
    const headingId = `cabin-${cabin.cabin}-heading`;
    return el('div', { cls: 'cabin-map', attrs: { 'data-cabin': cabin.cabin } },
      el('h3', { text: cabinName(cabin.cabin), attrs: { id: headingId } }),
      el('div', { cls: 'seat-grid', attrs: { role: 'group', 'aria-labelledby': headingId } }, header, ...rows));
  }

  // ---- wiring ----
  combobox($('origin'), $('origin-options'));
  combobox($('destination'), $('destination-options'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (searchButton.disabled) return;
    lastParams = formParams();
    nextCursor = null;
    search(lastParams, false);
  });
  moreButton.addEventListener('click', () => { if (lastParams && nextCursor) search(lastParams, true); });

  $('api-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const key = $('api-key').value.trim();
    if (!key) { setMessage('Enter an API key.', { error: true }); return $('api-key').focus(); }
    storeKey(key);
    $('api-key').value = '';
    $('api-key-panel').hidden = true;
    clearMessage();
    $('origin').focus();
    if (lastParams) search(lastParams, false);
    if (seatMap.flightId !== null) pollSeatMap();
  });

  $('seat-map-close').addEventListener('click', closeSeatMap);
  $('seat-map').addEventListener('keydown', (event) => { if (event.key === 'Escape') closeSeatMap(); });
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) stopPolling(); else if (seatMap.flightId !== null) pollSeatMap();
  });

  if (!apiKey) showKeyForm();
})();
