// The explorer: a person's way through the events, over the same HTTP API
// as everyone else's (db/http-api.md). The API key stays in sessionStorage
// (gone with the tab, never in a URL); pages move by event id (UUIDv7, so
// in recording order), never with a count over the whole log. A scoped key
// (GET /rpc/api_key says so) sees only its share: the page says which.
import { verifyEvent } from './verify.js';

const pageSize = 50;
const listColumns = 'event__id,event_type,created_at,consumer,partition_key,payload_deferred,erased_at';
const $ = (id) => document.getElementById(id);
const state = { key: sessionStorage.getItem('lib_event.api_key') ?? '', pages: [], live: null, seen: new Set(), scoped: false };

/** A time in the reader's time zone, to the second; the stored UTC in its title. */
const localTime = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { accept = 'application/json', text = false } = {}) {
  const response = await fetch(path, { headers: { 'X-Api-Key': state.key, Accept: accept } });
  if (!response.ok) {
    let body;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw new ApiError(response.status, body);
  }
  return text ? response.text() : response.json();
}

/** What went wrong, said for a person: a 401 or 403 explained, anything else as the API says it. */
function explain(error) {
  if (error instanceof ApiError && error.status === 401) {
    return 'This API key is unknown or revoked (401). Check it, or ask an operator for a reader key.';
  }
  if (error instanceof ApiError && error.status === 403) {
    return 'This key may not read events (403): it is a producer key, which records events but cannot read them. Use a reader key.';
  }
  if (error instanceof ApiError) return `${error.message}${error.body?.hint ? ` ${error.body.hint}` : ''} (HTTP ${error.status}${error.body?.code ? `, ${error.body.code}` : ''})`;
  return `The API could not be reached: ${error.message}`;
}

function say(message, kind = 'info') {
  const status = $('status');
  status.textContent = message;
  status.dataset.kind = kind;
}

/** The filter form as PostgREST query parameters (without paging). */
function filterParams() {
  const params = new URLSearchParams();
  const value = (id) => $(id).value.trim();
  if (value('f-type')) params.append('event_type', `like.${value('f-type').replaceAll('*', '')}*`);
  if (value('f-consumer')) params.append('consumer', `eq.${value('f-consumer')}`);
  if (value('f-tenant')) params.append('tenant', `eq.${value('f-tenant')}`);
  if (value('f-partition')) params.append('partition_key', `eq.${value('f-partition')}`);
  // datetime-local is the reader's local time; the API gets UTC.
  if (value('f-from')) params.append('created_at', `gte.${new Date(value('f-from')).toISOString()}`);
  if (value('f-to')) params.append('created_at', `lt.${new Date(value('f-to')).toISOString()}`);
  if (value('f-header-name')) params.append('headers', `cs.${JSON.stringify({ [value('f-header-name')]: value('f-header-value') })}`);
  return params;
}

function matchesFilters(event) {
  const value = (id) => $(id).value.trim();
  if (value('f-type') && !event.event_type.startsWith(value('f-type').replaceAll('*', ''))) return false;
  if (value('f-consumer') && event.consumer !== value('f-consumer')) return false;
  if (value('f-tenant') && event.tenant !== value('f-tenant')) return false;
  if (value('f-partition') && event.partition_key !== value('f-partition')) return false;
  if (value('f-header-name') && String(event.headers?.[value('f-header-name')] ?? '') !== value('f-header-value')) return false;
  return true;
}

function row(event, fresh = false) {
  const tr = document.createElement('tr');
  if (fresh) tr.className = 'fresh';
  const cells = [
    [localTime(event.created_at), event.created_at],
    [event.erased_at ? `${event.event_type} (erased)` : event.event_type], [event.consumer], [event.partition_key ?? '—'],
  ];
  for (const [text, title] of cells) {
    const td = document.createElement('td');
    td.textContent = text;
    if (title) td.title = `${title} (UTC as stored)`;
    tr.append(td);
  }
  const td = document.createElement('td');
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'link';
  open.textContent = event.event__id;
  open.setAttribute('aria-label', `Open event ${event.event__id} (${event.event_type})`);
  open.addEventListener('click', () => openEvent(event.event__id));
  td.append(open);
  tr.append(td);
  return tr;
}

/** Load the page of events older than `before` (an event id), or the newest. */
async function loadPage(before) {
  const params = filterParams();
  params.set('select', listColumns);
  params.set('order', 'event__id.desc');
  params.set('limit', String(pageSize + 1));
  if (before) params.append('event__id', `lt.${before}`);
  say('Loading…');
  const started = performance.now();
  try {
    const rows = await api(`/events?${params}`);
    const elapsed = Math.round(performance.now() - started);
    const page = rows.slice(0, pageSize);
    const body = $('results').tBodies[0];
    body.replaceChildren(...page.map((event) => row(event)));
    state.hasOlder = rows.length > pageSize;
    $('older').disabled = !state.hasOlder;
    $('newer').disabled = state.pages.length === 0;
    $('results').hidden = page.length === 0;
    document.body.dataset.firstPageMs = String(elapsed);
    say(page.length === 0
      ? `No events match these filters${state.scoped ? ' among those this key may see' : ''}.`
      : `${page.length} events${state.hasOlder ? ' (more below: Older)' : ''}, newest first. Times in ${zone}.`);
    return page;
  } catch (error) {
    $('results').hidden = true;
    say(explain(error), 'error');
    return [];
  }
}

let currentPage = [];
async function search() {
  state.pages = [];
  currentPage = await loadPage();
}
async function older() {
  if (!currentPage.length) return;
  state.pages.push(currentPage[0].event__id);
  currentPage = await loadPage(currentPage.at(-1).event__id);
}
async function newer() {
  state.pages.pop();
  const top = state.pages.at(-1);
  // The page whose newest event is just older than the one before it.
  currentPage = top ? await loadPageFrom(top) : await loadPage();
}
async function loadPageFrom(newestId) {
  const params = filterParams();
  params.set('select', 'event__id');
  params.set('order', 'event__id.asc');
  params.append('event__id', `gt.${newestId}`);
  params.set('limit', '1');
  const [after] = await api(`/events?${params}`).catch(() => []);
  return loadPage(after?.event__id);
}

/** The event with its headers and payload as PostgreSQL prints them: what its leaf hash commits to. */
async function fetchEvent(id) {
  const params = new URLSearchParams({
    select: '*,headers_text:headers::text,payload_text:payload::text', event__id: `eq.${id}`, limit: '1',
  });
  const [event] = await api(`/events?${params}`);
  if (!event) throw new Error(`no event ${id}`);
  return event;
}

async function openEvent(id) {
  const dialog = $('event-dialog');
  $('verify-result').replaceChildren();
  $('event-title').textContent = id;
  $('event-facts').replaceChildren();
  $('event-headers').textContent = '';
  $('event-payload').textContent = '';
  $('download').hidden = true;
  dialog.showModal();
  try {
    const event = await fetchEvent(id);
    dialog.dataset.eventId = id;
    const facts = [
      ['Event type', event.event_type], ['Recorded', `${localTime(event.created_at)} (${event.created_at} UTC)`],
      ['Occurred', `${localTime(event.occurred_at)} (${event.occurred_at})`], ['Consumer', event.consumer],
      ['Tenant', event.tenant ?? '—'],
      ['Partition key', event.partition_key ?? '—'], ['Source', event.source ?? '—'],
    ];
    for (const [term, description] of facts) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = description;
      $('event-facts').append(dt, dd);
    }
    $('event-headers').textContent = JSON.stringify(event.headers, null, 2);
    if (event.erased_at) {
      const dt = document.createElement('dt');
      dt.textContent = 'Erased';
      const dd = document.createElement('dd');
      dd.textContent = `${localTime(event.erased_at)}, by the erasure recorded as event ${event.erasure__id}: its payload and own headers are gone; its proof still holds.`;
      $('event-facts').append(dt, dd);
      $('event-payload').textContent = 'Erased.';
    } else if (event.payload_deferred) {
      $('event-payload').textContent = `The payload is ${event.payload_size.toLocaleString()} bytes of JSON: download it.`;
      $('download').hidden = false;
    } else {
      $('event-payload').textContent = event.payload === null ? 'null' : JSON.stringify(event.payload, null, 2);
    }
  } catch (error) {
    $('event-payload').textContent = explain(error);
  }
}

async function downloadPayload() {
  const id = $('event-dialog').dataset.eventId;
  try {
    const text = await api(`/rpc/event_payload?event__id=${id}`, { text: true });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    link.download = `${id}.payload.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (error) {
    say(explain(error), 'error');
  }
}

async function verify() {
  const id = $('event-dialog').dataset.eventId;
  const out = $('verify-result');
  // No result until this check has one: the last event's must not stand for it.
  delete out.dataset.result;
  out.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'Checking…' }));
  try {
    const event = await fetchEvent(id);
    const payload = event.payload_deferred ? await api(`/rpc/event_payload?event__id=${id}`, { text: true }) : event.payload_text;
    const proof = await api(`/rpc/inclusion_proof?event__id=${id}`);
    const [checkpoint] = await api(`/checkpoints?tree_size=eq.${proof.tree_size}&limit=1`);
    if (!checkpoint) throw new Error(`no checkpoint of ${proof.tree_size} events`);
    const [key] = await api(`/log_keys?key_id=eq.${encodeURIComponent(checkpoint.key_id)}&limit=1`);
    const result = await verifyEvent({
      event: { ...event, headers: event.headers_text, payload },
      proof, checkpoint, publicKeyPem: key.public_key,
    });
    const heading = document.createElement('p');
    heading.className = result.ok ? 'verified' : 'failed';
    heading.textContent = result.ok
      ? `Verified: this event is position ${proof.position} of the log's tree of ${proof.tree_size} events, as signed.`
      : 'Verification FAILED: what this page shows is not what the log signed.';
    const list = document.createElement('ul');
    for (const step of result.steps) {
      const li = document.createElement('li');
      li.textContent = `${step.ok ? '✓' : '✗'} ${step.detail}`;
      list.append(li);
    }
    out.replaceChildren(heading, list);
    out.dataset.result = result.ok ? 'verified' : 'failed';
  } catch (error) {
    out.replaceChildren(Object.assign(document.createElement('p'), { className: 'failed', textContent: explain(error) }));
    out.dataset.result = 'error';
  }
}

async function exportCsv() {
  const params = filterParams();
  params.set('select', 'event__id,event_type,occurred_at,created_at,source,partition_key,consumer,tenant,headers,payload');
  params.set('order', 'event__id.desc');
  params.set('limit', $('export-limit').value || '10000');
  try {
    const csv = await api(`/events?${params}`, { accept: 'text/csv', text: true });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    link.download = 'events.csv';
    link.click();
    URL.revokeObjectURL(link.href);
    say(`Exported ${Math.max(csv.split('\n').length - 2, 0)} events as CSV.`);
  } catch (error) {
    say(explain(error), 'error');
  }
}

/** Watch: follow the log from its head, new matching events on top. */
async function watch(on) {
  clearTimeout(state.live?.timer);
  state.live = null;
  if (!on) return;
  try {
    const cursor = await api('/rpc/follow_head');
    state.live = { cursor };
    const poll = async () => {
      if (!state.live) return;
      try {
        const events = await api(`/rpc/follow?cursor=${encodeURIComponent(state.live.cursor)}&page_size=100`);
        if (events.length) state.live.cursor = events.at(-1).cursor;
        const body = $('results').tBodies[0];
        for (const event of events.filter(matchesFilters)) {
          body.prepend(row(event, true));
          $('results').hidden = false;
        }
        if (events.length) say(`${events.length} new events arrived.`);
      } catch (error) {
        say(explain(error), 'error');
      }
      if (state.live) state.live.timer = setTimeout(poll, 1000);
    };
    state.live.timer = setTimeout(poll, 0);
  } catch (error) {
    $('live').checked = false;
    say(explain(error), 'error');
  }
}

/** "a", "a or b", "a, b or c". */
const either = (values) => (values.length < 2 ? values.join('') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)}`);

/**
 * What a scoped key sees, in a sentence, from GET /rpc/api_key; null for a
 * key that sees every event (nothing to say) and for a producer key (it
 * reads nothing: the search says so).
 */
function scopeText(key) {
  if (!key.scoped || key.access === 'producer') return null;
  const limits = [];
  if (key.event_types) limits.push(`of event type ${either(key.event_types)}`);
  if (key.tenants) limits.push(`of tenant ${either(key.tenants)}`);
  if (key.consumers) limits.push(`recorded by ${either(key.consumers)}`);
  return `This key (${key.consumer}) sees only events ${limits.join(', ')}. Other events are hidden from it: `
    + 'they are not listed, counted, exported, watched or proven, so the log positions it sees have gaps.';
}

/** Say what the key in use may see, once the API has described it. */
async function describeKey(key) {
  const out = $('key-scope');
  out.replaceChildren();
  delete out.dataset.access;
  state.scoped = false;
  if (!key) return;
  let described;
  try {
    described = await api('/rpc/api_key');
  } catch {
    return; // An unknown or revoked key: the search explains it.
  }
  if (state.key !== key) return;
  out.dataset.access = described.access;
  const text = scopeText(described);
  if (!text) return;
  state.scoped = true;
  const note = document.createElement('p');
  note.className = 'scope';
  note.setAttribute('role', 'note');
  note.append(Object.assign(document.createElement('strong'), { textContent: 'Scoped key. ' }), text);
  out.replaceChildren(note);
}

function useKey(key) {
  state.key = key;
  if (key) sessionStorage.setItem('lib_event.api_key', key);
  else sessionStorage.removeItem('lib_event.api_key');
  $('explore').hidden = !key;
  $('key-help').hidden = Boolean(key);
  describeKey(key);
  if (key) search();
  else say('Enter a reader API key to look at the events.');
}

$('key-form').addEventListener('submit', (e) => {
  e.preventDefault();
  useKey($('api-key').value.trim());
  $('api-key').value = '';
});
$('forget-key').addEventListener('click', () => useKey(''));
$('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  search();
});
$('older').addEventListener('click', older);
$('newer').addEventListener('click', newer);
$('export').addEventListener('click', exportCsv);
$('live').addEventListener('change', (e) => watch(e.target.checked));
$('verify').addEventListener('click', verify);
$('download').addEventListener('click', downloadPayload);
$('close').addEventListener('click', () => $('event-dialog').close());
$('zone').textContent = zone;
useKey(state.key);
