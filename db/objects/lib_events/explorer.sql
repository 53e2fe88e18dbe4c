-- The function in force, from the migrated database (npm run db:dump writes this file).
-- Change it with a new migration in db/migrations: this file is not applied.

CREATE OR REPLACE FUNCTION lib_events.explorer()
 RETURNS lib_events."text/html"
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
begin
  perform pg_catalog.set_config('response.headers', '[{"Content-Security-Policy":"default-src ''none''; script-src ''sha256-QzQSRub6XLv7F9l4kACrYw2Frh6TPzrVsMQwlOvcx8Y=''; style-src ''sha256-/HiNG5yK2AtGHn4dlY5zIBrezbEK4fXIC8PJJBaTvJc=''; connect-src ''self''; img-src ''self'' data:; base-uri ''none''; form-action ''none''; frame-ancestors ''none''"},{"X-Content-Type-Options":"nosniff"},{"Referrer-Policy":"no-referrer"},{"Cache-Control":"no-cache"}]', true);
  return '<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>lib_event explorer</title>
<style>
:root { color-scheme: light dark; --accent: #2457c5; --ok: #1a7f37; --bad: #c62828; font-family: system-ui, sans-serif; }
body { margin: 0 auto; max-width: 80rem; padding: 0 1rem 2rem; line-height: 1.4; }
header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; justify-content: space-between; }
h1 { font-size: 1.4rem; }
form#key-form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
#filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.5rem 1rem; margin: 1rem 0; }
#filters label { display: block; font-size: 0.85rem; }
#filters input:not([type=checkbox]) { width: 100%; box-sizing: border-box; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; }
label.inline { display: inline-flex !important; gap: 0.3rem; align-items: center; }
input, button { font: inherit; padding: 0.3rem 0.5rem; }
button { cursor: pointer; }
button:focus-visible, input:focus-visible, pre:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
table { width: 100%; border-collapse: collapse; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #8884; vertical-align: top; }
td { overflow-wrap: anywhere; }
tr.fresh { background: #2457c522; }
button.link { background: none; border: none; color: var(--accent); text-decoration: underline; padding: 0; font-family: ui-monospace, monospace; font-size: 0.85rem; text-align: left; }
nav { display: flex; gap: 0.5rem; margin-top: 0.5rem; }
#status[data-kind=error] { color: var(--bad); font-weight: bold; }
.scope { border-left: 4px solid var(--accent); background: #2457c511; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
dialog { max-width: min(60rem, 95vw); width: 100%; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { background: #8881; padding: 0.5rem; overflow: auto; max-height: 20rem; }
.verified { color: var(--ok); font-weight: bold; }
.failed { color: var(--bad); font-weight: bold; }
@media (max-width: 40rem) {
  thead th:nth-child(3), tbody td:nth-child(3), thead th:nth-child(4), tbody td:nth-child(4) { display: none; }
  #filters { grid-template-columns: 1fr; }
}
</style>
</head>
<body>
<header>
  <h1>lib_event explorer</h1>
  <form id="key-form" autocomplete="off">
    <label for="api-key">Reader API key</label>
    <input id="api-key" name="api-key" type="password" spellcheck="false" placeholder="paste a reader key">
    <button type="submit">Use key</button>
    <button type="button" id="forget-key">Forget key</button>
  </form>
</header>
<main>
  <p id="key-help">The key stays in this tab only (sessionStorage), never in the address. A <strong>reader</strong> key reads events; a producer key cannot.</p>
  <p id="status" role="status" aria-live="polite"></p>
  <div id="key-scope" aria-live="polite"></div>
  <section id="explore" hidden>
    <form id="filters" aria-label="Filter events">
      <div><label for="f-type">Event type starts with</label><input id="f-type" placeholder="billing.invoice."></div>
      <div><label for="f-consumer">Consumer</label><input id="f-consumer" placeholder="billing"></div>
      <div><label for="f-tenant">Tenant</label><input id="f-tenant" placeholder="acme"></div>
      <div><label for="f-from">Recorded from (<span id="zone"></span>)</label><input id="f-from" type="datetime-local" step="1"></div>
      <div><label for="f-to">Recorded before</label><input id="f-to" type="datetime-local" step="1"></div>
      <div><label for="f-partition">Partition key</label><input id="f-partition" placeholder="invoice:INV-1"></div>
      <div><label for="f-header-name">Header</label><input id="f-header-name" placeholder="actor"></div>
      <div><label for="f-header-value">Header value</label><input id="f-header-value" placeholder="ada"></div>
      <div class="actions">
        <button type="submit">Search</button>
        <label class="inline"><input type="checkbox" id="live"> Watch new events</label>
      </div>
      <div class="actions">
        <label for="export-limit">Export at most</label><input id="export-limit" type="number" min="1" max="100000" value="10000">
        <button type="button" id="export">Export CSV</button>
      </div>
    </form>
    <table id="results" hidden>
      <caption>Events, newest first</caption>
      <thead><tr><th scope="col">Recorded</th><th scope="col">Event type</th><th scope="col">Consumer</th><th scope="col">Partition key</th><th scope="col">Event id</th></tr></thead>
      <tbody></tbody>
    </table>
    <nav aria-label="Pages">
      <button type="button" id="newer" disabled>Newer</button>
      <button type="button" id="older" disabled>Older</button>
    </nav>
  </section>
  <dialog id="event-dialog" aria-labelledby="event-title">
    <h2 id="event-title"></h2>
    <dl id="event-facts"></dl>
    <h3>Headers</h3>
    <pre id="event-headers" tabindex="0"></pre>
    <h3>Payload</h3>
    <pre id="event-payload" tabindex="0"></pre>
    <div class="actions">
      <button type="button" id="download" hidden>Download payload</button>
      <button type="button" id="verify">Verify</button>
      <button type="button" id="close">Close</button>
    </div>
    <div id="verify-result" aria-live="polite"></div>
  </dialog>
</main>
<script type="module">
// Checking, in the browser, that an event is what the log signed: its leaf
// hash recomputed from its content (db/verifiable-log.md), its inclusion
// proof folded up to the root (RFC 9162 2.1.3.2), that root found in a
// checkpoint, and the checkpoint''s Ed25519 signature checked with the log''s
// public key. WebCrypto does the SHA-256 and the Ed25519; nothing is taken
// on the server''s word but the public key the reader chose to trust.

const encoder = new TextEncoder();

const toHex = (bytes) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, ''0'')).join('''');
const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function sha256(...parts) {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest(''SHA-256'', joined));
}

/**
 * A time as the leaf encodes it: ISO 8601 in UTC with microseconds
 * (2026-01-05T10:00:00.123456Z), from the JSON PostgREST sends
 * (2026-01-05T11:00:00.123456+01:00, fraction and offset optional).
 */
function leafTime(text) {
  const match = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|[+-]\d\d(?::?\d\d)?)$/.exec(text);
  if (!match) throw new Error(`not a time the log writes: ${text}`);
  const [, y, mo, d, h, mi, s, fraction = '''', zone] = match;
  let offsetMinutes = 0;
  if (zone !== ''Z'') {
    const sign = zone[0] === ''-'' ? -1 : 1;
    const digits = zone.slice(1).replace('':'', '''');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
  }
  const utc = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s) - offsetMinutes * 60_000);
  return `${utc.toISOString().slice(0, 19)}.${fraction.padEnd(6, ''0'')}Z`;
}

/** Each value as a leaf field: a 4-byte big-endian length and its UTF-8 bytes (null: ff ff ff ff, no bytes). */
function fields(values) {
  const parts = [];
  for (const value of values) {
    const length = new Uint8Array(4);
    if (value === null || value === undefined) {
      new DataView(length.buffer).setUint32(0, 0xffffffff);
      parts.push(length);
      continue;
    }
    const bytes = encoder.encode(value);
    new DataView(length.buffer).setUint32(0, bytes.length);
    parts.push(length, bytes);
  }
  return parts;
}

const ownFields = (event) => [event.event__id, event.event_type, leafTime(event.occurred_at), leafTime(event.created_at),
  event.source, event.partition_key, event.consumer];

/** Leaf v1: SHA-256 of 0x00 and the event''s fields, its headers and payload included. */
function leafHash(event) {
  return sha256(new Uint8Array([0]), ...fields([...ownFields(event), event.headers, event.payload]));
}

/** The salted commitment to an event''s content: SHA-256 of the salt, then headers and payload as leaf fields. */
function contentCommitment(saltHex, headers, payload) {
  return sha256(fromHex(saltHex), ...fields([headers, payload]));
}

/** Leaf v2: SHA-256 of 0x00, "lib_event.leaf/2", the event''s own fields and its commitment in hex. */
function leafHashV2(event, commitment) {
  return sha256(new Uint8Array([0]), ...fields([''lib_event.leaf/2'', ...ownFields(event), toHex(commitment)]));
}

/**
 * The leaf an event''s content gives, by its format (the inclusion proof''s
 * `leaf`): v1 from the content; v2 from the content and salt; an erased v2
 * event from the commitment kept in its place (its content is gone).
 */
async function eventLeaf(event, leaf) {
  if (!leaf || leaf.format === 1) return { kind: ''v1'', hash: await leafHash(event) };
  if (leaf.content_salt === null) return { kind: ''erased'', hash: await leafHashV2(event, fromHex(leaf.content_commitment)) };
  return { kind: ''v2'', hash: await leafHashV2(event, await contentCommitment(leaf.content_salt, event.headers, event.payload)) };
}

const nodeHash = (left, right) => sha256(new Uint8Array([1]), left, right);

/** RFC 9162 2.1.3.2: the root the audit path leads to from the leaf at leafIndex of a tree of treeSize, or null if it cannot. */
async function rootFromInclusion(leafIndex, treeSize, leaf, path) {
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const sibling of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(sibling, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** An Ed25519 public key from its PEM (SPKI), for WebCrypto. */
function importPublicKey(pem) {
  const der = fromBase64(pem.replace(/-----[^-]+-----/g, '''').replace(/\s+/g, ''''));
  return crypto.subtle.importKey(''spki'', der, { name: ''Ed25519'' }, false, [''verify'']);
}

/**
 * The tree size and root hash (hex) a checkpoint''s signed text states: a
 * C2SP tlog-checkpoint note (origin, decimal size, base64 root, then any
 * extension lines) or an earlier lib_event checkpoint v1 text.
 */
function checkpointClaim(signedText) {
  const v1 = /^lib_event checkpoint v1\ntree_size (\d+)\nroot ([0-9a-f]{64})\n/.exec(signedText);
  if (v1) return { size: Number(v1[1]), root: v1[2] };
  const lines = signedText.split(''\n'');
  if (lines.length >= 4 && /^[1-9]\d*$|^0$/.test(lines[1]) && /^[A-Za-z0-9+/]{43}=$/.test(lines[2])) {
    return { size: Number(lines[1]), root: toHex(fromBase64(lines[2])) };
  }
  return null;
}

/**
 * Every step for one event: each { step, ok, detail }; ok overall when all
 * passed. `event` holds the fields as text (headers and payload as
 * PostgreSQL prints jsonb), `proof` is /rpc/inclusion_proof''s answer,
 * `checkpoint` the /checkpoints row of its tree size, `publicKeyPem` the
 * key from /log_keys.
 */
async function verifyEvent({ event, proof, checkpoint, publicKeyPem }) {
  const steps = [];
  const computed = await eventLeaf(event, proof.leaf);
  const leaf = computed.hash;
  const what = computed.kind === ''erased''
    ? ''The event was erased; its fields and the commitment kept in place of its content hash''
    : "The event''s content hashes";
  steps.push({
    step: ''content'', ok: toHex(leaf) === proof.leaf_hash,
    detail: toHex(leaf) === proof.leaf_hash
      ? `${what} to leaf ${proof.leaf_hash.slice(0, 16)}… (format ${computed.kind === ''v1'' ? 1 : 2}), the leaf at position ${proof.position}.`
      : `${what} to ${toHex(leaf).slice(0, 16)}…, but the log''s leaf at position ${proof.position} is ${proof.leaf_hash.slice(0, 16)}…: the event was changed after it was recorded.`,
  });
  const root = await rootFromInclusion(proof.leaf_index, proof.tree_size, leaf, proof.path.map(fromHex));
  const claim = checkpointClaim(checkpoint.signed_text);
  const included = root !== null && claim !== null && claim.size === proof.tree_size && toHex(root) === claim.root;
  steps.push({
    step: ''inclusion'', ok: included,
    detail: included
      ? `Its audit path (${proof.path.length} hashes) leads to the root ${claim.root.slice(0, 16)}… of the tree of ${proof.tree_size} events.`
      : `Its audit path does not lead to the root the checkpoint of ${proof.tree_size} events states.`,
  });
  let signed = false;
  try {
    const key = await importPublicKey(publicKeyPem);
    signed = await crypto.subtle.verify({ name: ''Ed25519'' }, key, fromBase64(checkpoint.signature), encoder.encode(checkpoint.signed_text));
  } catch {
    signed = false;
  }
  steps.push({
    step: ''signature'', ok: signed,
    detail: signed
      ? `That checkpoint was signed at ${checkpoint.signed_at} with the log''s key ${checkpoint.key_id}.`
      : `The checkpoint''s signature does not check with the key ${checkpoint.key_id}.`,
  });
  return { ok: steps.every((s) => s.ok), steps };
}

// The explorer: a person''s way through the events, over the same HTTP API
// as everyone else''s (db/http-api.md). The API key stays in sessionStorage
// (gone with the tab, never in a URL); pages move by event id (UUIDv7, so
// in recording order), never with a count over the whole log. A scoped key
// (GET /rpc/api_key says so) sees only its share: the page says which.

const pageSize = 50;
const listColumns = ''event__id,event_type,created_at,consumer,partition_key,payload_deferred,erased_at'';
const $ = (id) => document.getElementById(id);
const state = { key: sessionStorage.getItem(''lib_event.api_key'') ?? '''', pages: [], live: null, seen: new Set(), scoped: false };

/** A time in the reader''s time zone, to the second; the stored UTC in its title. */
const localTime = (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: ''medium'', timeStyle: ''medium'' });
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

async function api(path, { accept = ''application/json'', text = false } = {}) {
  const response = await fetch(path, { headers: { ''X-Api-Key'': state.key, Accept: accept } });
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
    return ''This API key is unknown or revoked (401). Check it, or ask an operator for a reader key.'';
  }
  if (error instanceof ApiError && error.status === 403) {
    return ''This key may not read events (403): it is a producer key, which records events but cannot read them. Use a reader key.'';
  }
  if (error instanceof ApiError) return `${error.message}${error.body?.hint ? ` ${error.body.hint}` : ''''} (HTTP ${error.status}${error.body?.code ? `, ${error.body.code}` : ''''})`;
  return `The API could not be reached: ${error.message}`;
}

function say(message, kind = ''info'') {
  const status = $(''status'');
  status.textContent = message;
  status.dataset.kind = kind;
}

/** The filter form as PostgREST query parameters (without paging). */
function filterParams() {
  const params = new URLSearchParams();
  const value = (id) => $(id).value.trim();
  if (value(''f-type'')) params.append(''event_type'', `like.${value(''f-type'').replaceAll(''*'', '''')}*`);
  if (value(''f-consumer'')) params.append(''consumer'', `eq.${value(''f-consumer'')}`);
  if (value(''f-tenant'')) params.append(''tenant'', `eq.${value(''f-tenant'')}`);
  if (value(''f-partition'')) params.append(''partition_key'', `eq.${value(''f-partition'')}`);
  // datetime-local is the reader''s local time; the API gets UTC.
  if (value(''f-from'')) params.append(''created_at'', `gte.${new Date(value(''f-from'')).toISOString()}`);
  if (value(''f-to'')) params.append(''created_at'', `lt.${new Date(value(''f-to'')).toISOString()}`);
  if (value(''f-header-name'')) params.append(''headers'', `cs.${JSON.stringify({ [value(''f-header-name'')]: value(''f-header-value'') })}`);
  return params;
}

function matchesFilters(event) {
  const value = (id) => $(id).value.trim();
  if (value(''f-type'') && !event.event_type.startsWith(value(''f-type'').replaceAll(''*'', ''''))) return false;
  if (value(''f-consumer'') && event.consumer !== value(''f-consumer'')) return false;
  if (value(''f-tenant'') && event.tenant !== value(''f-tenant'')) return false;
  if (value(''f-partition'') && event.partition_key !== value(''f-partition'')) return false;
  if (value(''f-header-name'') && String(event.headers?.[value(''f-header-name'')] ?? '''') !== value(''f-header-value'')) return false;
  return true;
}

function row(event, fresh = false) {
  const tr = document.createElement(''tr'');
  if (fresh) tr.className = ''fresh'';
  const cells = [
    [localTime(event.created_at), event.created_at],
    [event.erased_at ? `${event.event_type} (erased)` : event.event_type], [event.consumer], [event.partition_key ?? ''—''],
  ];
  for (const [text, title] of cells) {
    const td = document.createElement(''td'');
    td.textContent = text;
    if (title) td.title = `${title} (UTC as stored)`;
    tr.append(td);
  }
  const td = document.createElement(''td'');
  const open = document.createElement(''button'');
  open.type = ''button'';
  open.className = ''link'';
  open.textContent = event.event__id;
  open.setAttribute(''aria-label'', `Open event ${event.event__id} (${event.event_type})`);
  open.addEventListener(''click'', () => openEvent(event.event__id));
  td.append(open);
  tr.append(td);
  return tr;
}

/** Load the page of events older than `before` (an event id), or the newest. */
async function loadPage(before) {
  const params = filterParams();
  params.set(''select'', listColumns);
  params.set(''order'', ''event__id.desc'');
  params.set(''limit'', String(pageSize + 1));
  if (before) params.append(''event__id'', `lt.${before}`);
  say(''Loading…'');
  const started = performance.now();
  try {
    const rows = await api(`/events?${params}`);
    const elapsed = Math.round(performance.now() - started);
    const page = rows.slice(0, pageSize);
    const body = $(''results'').tBodies[0];
    body.replaceChildren(...page.map((event) => row(event)));
    state.hasOlder = rows.length > pageSize;
    $(''older'').disabled = !state.hasOlder;
    $(''newer'').disabled = state.pages.length === 0;
    $(''results'').hidden = page.length === 0;
    document.body.dataset.firstPageMs = String(elapsed);
    say(page.length === 0
      ? `No events match these filters${state.scoped ? '' among those this key may see'' : ''''}.`
      : `${page.length} events${state.hasOlder ? '' (more below: Older)'' : ''''}, newest first. Times in ${zone}.`);
    return page;
  } catch (error) {
    $(''results'').hidden = true;
    say(explain(error), ''error'');
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
  params.set(''select'', ''event__id'');
  params.set(''order'', ''event__id.asc'');
  params.append(''event__id'', `gt.${newestId}`);
  params.set(''limit'', ''1'');
  const [after] = await api(`/events?${params}`).catch(() => []);
  return loadPage(after?.event__id);
}

/** The event with its headers and payload as PostgreSQL prints them: what its leaf hash commits to. */
async function fetchEvent(id) {
  const params = new URLSearchParams({
    select: ''*,headers_text:headers::text,payload_text:payload::text'', event__id: `eq.${id}`, limit: ''1'',
  });
  const [event] = await api(`/events?${params}`);
  if (!event) throw new Error(`no event ${id}`);
  return event;
}

async function openEvent(id) {
  const dialog = $(''event-dialog'');
  $(''verify-result'').replaceChildren();
  $(''event-title'').textContent = id;
  $(''event-facts'').replaceChildren();
  $(''event-headers'').textContent = '''';
  $(''event-payload'').textContent = '''';
  $(''download'').hidden = true;
  dialog.showModal();
  try {
    const event = await fetchEvent(id);
    dialog.dataset.eventId = id;
    const facts = [
      [''Event type'', event.event_type], [''Recorded'', `${localTime(event.created_at)} (${event.created_at} UTC)`],
      [''Occurred'', `${localTime(event.occurred_at)} (${event.occurred_at})`], [''Consumer'', event.consumer],
      [''Tenant'', event.tenant ?? ''—''],
      [''Partition key'', event.partition_key ?? ''—''], [''Source'', event.source ?? ''—''],
    ];
    for (const [term, description] of facts) {
      const dt = document.createElement(''dt'');
      dt.textContent = term;
      const dd = document.createElement(''dd'');
      dd.textContent = description;
      $(''event-facts'').append(dt, dd);
    }
    $(''event-headers'').textContent = JSON.stringify(event.headers, null, 2);
    if (event.erased_at) {
      const dt = document.createElement(''dt'');
      dt.textContent = ''Erased'';
      const dd = document.createElement(''dd'');
      dd.textContent = `${localTime(event.erased_at)}, by the erasure recorded as event ${event.erasure__id}: its payload and own headers are gone; its proof still holds.`;
      $(''event-facts'').append(dt, dd);
      $(''event-payload'').textContent = ''Erased.'';
    } else if (event.payload_deferred) {
      $(''event-payload'').textContent = `The payload is ${event.payload_size.toLocaleString()} bytes of JSON: download it.`;
      $(''download'').hidden = false;
    } else {
      $(''event-payload'').textContent = event.payload === null ? ''null'' : JSON.stringify(event.payload, null, 2);
    }
  } catch (error) {
    $(''event-payload'').textContent = explain(error);
  }
}

async function downloadPayload() {
  const id = $(''event-dialog'').dataset.eventId;
  try {
    const text = await api(`/rpc/event_payload?event__id=${id}`, { text: true });
    const link = document.createElement(''a'');
    link.href = URL.createObjectURL(new Blob([text], { type: ''application/json'' }));
    link.download = `${id}.payload.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  } catch (error) {
    say(explain(error), ''error'');
  }
}

async function verify() {
  const id = $(''event-dialog'').dataset.eventId;
  const out = $(''verify-result'');
  // No result until this check has one: the last event''s must not stand for it.
  delete out.dataset.result;
  out.replaceChildren(Object.assign(document.createElement(''p''), { textContent: ''Checking…'' }));
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
    const heading = document.createElement(''p'');
    heading.className = result.ok ? ''verified'' : ''failed'';
    heading.textContent = result.ok
      ? `Verified: this event is position ${proof.position} of the log''s tree of ${proof.tree_size} events, as signed.`
      : ''Verification FAILED: what this page shows is not what the log signed.'';
    const list = document.createElement(''ul'');
    for (const step of result.steps) {
      const li = document.createElement(''li'');
      li.textContent = `${step.ok ? ''✓'' : ''✗''} ${step.detail}`;
      list.append(li);
    }
    out.replaceChildren(heading, list);
    out.dataset.result = result.ok ? ''verified'' : ''failed'';
  } catch (error) {
    out.replaceChildren(Object.assign(document.createElement(''p''), { className: ''failed'', textContent: explain(error) }));
    out.dataset.result = ''error'';
  }
}

async function exportCsv() {
  const params = filterParams();
  params.set(''select'', ''event__id,event_type,occurred_at,created_at,source,partition_key,consumer,tenant,headers,payload'');
  params.set(''order'', ''event__id.desc'');
  params.set(''limit'', $(''export-limit'').value || ''10000'');
  try {
    const csv = await api(`/events?${params}`, { accept: ''text/csv'', text: true });
    const link = document.createElement(''a'');
    link.href = URL.createObjectURL(new Blob([csv], { type: ''text/csv'' }));
    link.download = ''events.csv'';
    link.click();
    URL.revokeObjectURL(link.href);
    say(`Exported ${Math.max(csv.split(''\n'').length - 2, 0)} events as CSV.`);
  } catch (error) {
    say(explain(error), ''error'');
  }
}

/** Watch: follow the log from its head, new matching events on top. */
async function watch(on) {
  clearTimeout(state.live?.timer);
  state.live = null;
  if (!on) return;
  try {
    const cursor = await api(''/rpc/follow_head'');
    state.live = { cursor };
    const poll = async () => {
      if (!state.live) return;
      try {
        const events = await api(`/rpc/follow?cursor=${encodeURIComponent(state.live.cursor)}&page_size=100`);
        if (events.length) state.live.cursor = events.at(-1).cursor;
        const body = $(''results'').tBodies[0];
        for (const event of events.filter(matchesFilters)) {
          body.prepend(row(event, true));
          $(''results'').hidden = false;
        }
        if (events.length) say(`${events.length} new events arrived.`);
      } catch (error) {
        say(explain(error), ''error'');
      }
      if (state.live) state.live.timer = setTimeout(poll, 1000);
    };
    state.live.timer = setTimeout(poll, 0);
  } catch (error) {
    $(''live'').checked = false;
    say(explain(error), ''error'');
  }
}

/** "a", "a or b", "a, b or c". */
const either = (values) => (values.length < 2 ? values.join('''') : `${values.slice(0, -1).join('', '')} or ${values.at(-1)}`);

/**
 * What a scoped key sees, in a sentence, from GET /rpc/api_key; null for a
 * key that sees every event (nothing to say) and for a producer key (it
 * reads nothing: the search says so).
 */
function scopeText(key) {
  if (!key.scoped || key.access === ''producer'') return null;
  const limits = [];
  if (key.event_types) limits.push(`of event type ${either(key.event_types)}`);
  if (key.tenants) limits.push(`of tenant ${either(key.tenants)}`);
  if (key.consumers) limits.push(`recorded by ${either(key.consumers)}`);
  return `This key (${key.consumer}) sees only events ${limits.join('', '')}. Other events are hidden from it: `
    + ''they are not listed, counted, exported, watched or proven, so the log positions it sees have gaps.'';
}

/** Say what the key in use may see, once the API has described it. */
async function describeKey(key) {
  const out = $(''key-scope'');
  out.replaceChildren();
  delete out.dataset.access;
  state.scoped = false;
  if (!key) return;
  let described;
  try {
    described = await api(''/rpc/api_key'');
  } catch {
    return; // An unknown or revoked key: the search explains it.
  }
  if (state.key !== key) return;
  out.dataset.access = described.access;
  const text = scopeText(described);
  if (!text) return;
  state.scoped = true;
  const note = document.createElement(''p'');
  note.className = ''scope'';
  note.setAttribute(''role'', ''note'');
  note.append(Object.assign(document.createElement(''strong''), { textContent: ''Scoped key. '' }), text);
  out.replaceChildren(note);
}

function useKey(key) {
  state.key = key;
  if (key) sessionStorage.setItem(''lib_event.api_key'', key);
  else sessionStorage.removeItem(''lib_event.api_key'');
  $(''explore'').hidden = !key;
  $(''key-help'').hidden = Boolean(key);
  describeKey(key);
  if (key) search();
  else say(''Enter a reader API key to look at the events.'');
}

$(''key-form'').addEventListener(''submit'', (e) => {
  e.preventDefault();
  useKey($(''api-key'').value.trim());
  $(''api-key'').value = '''';
});
$(''forget-key'').addEventListener(''click'', () => useKey(''''));
$(''filters'').addEventListener(''submit'', (e) => {
  e.preventDefault();
  search();
});
$(''older'').addEventListener(''click'', older);
$(''newer'').addEventListener(''click'', newer);
$(''export'').addEventListener(''click'', exportCsv);
$(''live'').addEventListener(''change'', (e) => watch(e.target.checked));
$(''verify'').addEventListener(''click'', verify);
$(''download'').addEventListener(''click'', downloadPayload);
$(''close'').addEventListener(''click'', () => $(''event-dialog'').close());
$(''zone'').textContent = zone;
useKey(state.key);
</script>
</body>
</html>
';
end
$function$;

comment on function lib_events.explorer() is 'The events explorer: a page for analysts and auditors to filter, page through, export and verify events in a browser. Open GET /rpc/explorer.

It needs no key to load; it then asks for a reader key, kept in the tab''s
sessionStorage, and reads through the same API as everyone else. Verify
checks an event''s inclusion proof and its checkpoint''s signature in the
browser. Built from db/explorer/ (scripts/generate/explorer-page.ts).';

grant execute on function lib_events.explorer() to lib_event_anon;
grant execute on function lib_events.explorer() to lib_event_producer;
grant execute on function lib_events.explorer() to lib_event_producer_reader;
grant execute on function lib_events.explorer() to lib_event_reader;
