import type { I18n, Language } from '../../../core/i18n';

/** Texts of the widget's own chrome, from locales (webchat-*). */
const CHROME_KEYS = [
  'webchat-title',
  'webchat-placeholder',
  'webchat-send',
  'webchat-connecting',
  'webchat-offline',
  'webchat-new-chat',
  'webchat-send-failed',
  'webchat-attach',
  // locales/parts/support.*.ftl
  'webchat-ask-operator',
  'webchat-ask-operator-hint',
  'webchat-operator-badge',
  'webchat-language',
  'webchat-messages',
  'webchat-message-label',
] as const;

/** JSON safe to put inside <script>. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/**
 * The widget: one self-contained page (HTML + CSS + JS, no build step). It keeps the conversation id
 * and token in localStorage (a refresh restores the history), talks over the WebSocket with
 * reconnect and falls back to HTTP POST while the socket is down.
 */
export function widgetPage(i18n: I18n, language: Language): string {
  const chrome: Record<string, Record<string, string>> = {};
  for (const lang of ['ru', 'kk'] as const) {
    chrome[lang] = Object.fromEntries(CHROME_KEYS.map((key) => [key, i18n.t(lang, key)]));
  }
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(chrome[language]!['webchat-title']!)}</title>
<style>
  :root { --accent: #0b6e4f; --bg: #f4f6f8; --me: #dcf3e8; --bot: #fff; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); }
  #app { max-width: 640px; height: 100vh; height: 100dvh; margin: 0 auto; display: flex; flex-direction: column; background: var(--bg); }
  header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 8px 10px; background: var(--accent); color: #fff; }
  header h1 { flex: 1 1 140px; margin: 0; font-size: 17px; font-weight: 600; }
  header .tools { display: flex; gap: 6px; align-items: center; }
  header button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.6); border-radius: 6px; padding: 4px 8px; min-height: 32px; cursor: pointer; font: inherit; font-size: 14px; }
  header button[aria-pressed="true"] { background: #fff; color: var(--accent); }
  header #operator { background: #fff; color: var(--accent); font-weight: 600; }
  :focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  #status { padding: 4px 14px; font-size: 13px; color: #8a5a00; background: #fff4d6; display: none; }
  #log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; }
  .msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; box-shadow: 0 1px 1px rgba(0,0,0,.06); }
  .in { align-self: flex-end; background: var(--me); }
  .out { align-self: flex-start; background: var(--bot); }
  .operator { align-self: flex-start; background: #fff7e0; border-left: 4px solid #d99a00; }
  .badge { display: block; font-size: 12px; font-weight: 600; color: #8a5a00; margin-bottom: 2px; }
  .buttons { display: flex; flex-direction: column; gap: 4px; margin-top: 8px; }
  .row { display: flex; gap: 4px; flex-wrap: wrap; }
  .row button, .row a { flex: 1; min-width: 120px; padding: 6px 8px; border: 1px solid var(--accent); border-radius: 8px; background: #fff; color: var(--accent); cursor: pointer; font: inherit; text-align: center; text-decoration: none; }
  .row button:hover, .row a:hover { background: var(--me); }
  form { display: flex; gap: 8px; padding: 10px; background: #fff; border-top: 1px solid #dde; }
  form input { flex: 1; min-width: 0; padding: 9px 12px; border: 1px solid #ccd; border-radius: 20px; font: inherit; font-size: 16px; }
  @media (max-width: 420px) { .msg { max-width: 92%; } .row button, .row a { min-width: 100px; } #log { padding: 8px; } }
  form .attach { display: flex; align-items: center; padding: 0 10px; border: 1px solid #ccd; border-radius: 20px; background: #fff; cursor: pointer; color: var(--accent); }
  form .attach:focus-within { outline: 3px solid #f0b400; outline-offset: 2px; }
  form button { padding: 9px 16px; border: 0; border-radius: 20px; background: var(--accent); color: #fff; font: inherit; cursor: pointer; }
</style>
</head>
<body>
<div id="app">
  <header>
    <h1 id="title"></h1>
    <div class="tools">
      <button type="button" id="operator"></button>
      <div role="group" id="langs">
        <button type="button" data-lang="ru" lang="ru">RU</button>
        <button type="button" data-lang="kk" lang="kk">KZ</button>
      </div>
      <button type="button" id="reset" title=""></button>
    </div>
  </header>
  <div id="status" role="status"></div>
  <div id="log" role="log" aria-live="polite" tabindex="0"></div>
  <form id="form" autocomplete="off">
    <label for="text" class="sr-only" id="text-label"></label>
    <label class="attach" id="attach"><svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5"/></svg><input id="file" type="file" class="sr-only" accept=".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic"></label>
    <input id="text" maxlength="4000" required enterkeyhint="send">
    <button id="send" type="submit"></button>
  </form>
</div>
<script>
(() => {
  const CHROME = ${scriptJson(chrome)};
  const STORE = 'ia-webchat';
  let lang = ${scriptJson(language)};
  let session = null;
  let ws = null;
  let wsReady = false;
  let retry = 0;
  const $ = (id) => document.getElementById(id);
  const log = $('log');

  function chrome() {
    const t = CHROME[lang];
    document.documentElement.lang = lang;
    document.title = t['webchat-title'];
    $('title').textContent = t['webchat-title'];
    $('text').placeholder = t['webchat-placeholder'];
    $('send').textContent = t['webchat-send'];
    $('reset').textContent = '⟳';
    $('reset').title = t['webchat-new-chat'];
    $('reset').setAttribute('aria-label', t['webchat-new-chat']);
    $('operator').textContent = t['webchat-ask-operator'];
    $('operator').title = t['webchat-ask-operator-hint'];
    $('operator').setAttribute('aria-label', t['webchat-ask-operator-hint']);
    $('langs').setAttribute('aria-label', t['webchat-language']);
    $('log').setAttribute('aria-label', t['webchat-messages']);
    $('text-label').textContent = t['webchat-message-label'];
    $('attach').title = t['webchat-attach'];
    $('file').setAttribute('aria-label', t['webchat-attach']);
    for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  }
  function status(key) {
    const el = $('status');
    el.textContent = key ? CHROME[lang][key] : '';
    el.style.display = key ? 'block' : 'none';
  }
  function bubble(cls, text) {
    const div = document.createElement('div');
    div.className = 'msg ' + cls;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }
  function showReply(reply, from) {
    const div = bubble(from && from.operator ? 'operator' : 'out', reply.text);
    if (from && from.operator) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = CHROME[lang]['webchat-operator-badge'];
      div.prepend(badge);
    }
    if (reply.buttons && reply.buttons.length) {
      const box = document.createElement('div');
      box.className = 'buttons';
      for (const row of reply.buttons) {
        const r = document.createElement('div');
        r.className = 'row';
        for (const b of row) {
          let el;
          if (b.url) {
            el = document.createElement('a');
            el.href = b.url; el.target = '_blank'; el.rel = 'noopener';
          } else {
            el = document.createElement('button');
            el.type = 'button';
            el.addEventListener('click', () => send({ type: 'button', data: b.data }, b.label));
          }
          el.textContent = b.label;
          r.appendChild(el);
        }
        box.appendChild(r);
      }
      div.appendChild(box);
    }
    if (reply.document) {
      const a = document.createElement('a');
      a.href = 'data:' + reply.document.mimeType + ';base64,' + reply.document.contentBase64;
      a.download = reply.document.fileName;
      a.textContent = reply.document.fileName;
      div.appendChild(document.createElement('br'));
      div.appendChild(a);
    }
  }
  function handleReplies(message) {
    if (message.language && message.language !== lang) { lang = message.language; chrome(); }
    for (const reply of message.replies) showReply(reply, { operator: message.direction === 'operator' });
  }
  async function api(path, options) {
    const headers = { 'content-type': 'application/json' };
    if (session) headers.authorization = 'Bearer ' + session.token;
    const res = await fetch('/api/chat/conversations' + path, Object.assign({ headers }, options));
    if (!res.ok) { const error = new Error('HTTP ' + res.status); error.status = res.status; throw error; }
    return res.json();
  }
  async function send(body, shown) {
    bubble('in', shown || body.text || ('/' + body.command));
    if (ws && wsReady) { ws.send(JSON.stringify(body)); return; }
    try { handleReplies(await api('/' + session.id + '/messages', { method: 'POST', body: JSON.stringify(body) })); }
    catch (e) { status('webchat-send-failed'); }
  }
  function connect() {
    if (!session) return;
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/chat/conversations/' + session.id + '/ws';
    ws = new WebSocket(url);
    wsReady = false;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: session.token }));
    ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'ready') { wsReady = true; retry = 0; status(null); }
      else if (message.type === 'replies') handleReplies(message);
    };
    ws.onclose = (event) => {
      wsReady = false;
      if (event.code === 4401 || event.code === 4404) return startOver();
      status('webchat-offline');
      setTimeout(connect, Math.min(30000, 500 * 2 ** retry++));
    };
  }
  async function startOver() {
    localStorage.removeItem(STORE);
    if (ws) { ws.onclose = null; ws.close(); }
    session = null;
    log.textContent = '';
    await start();
  }
  async function start() {
    chrome();
    status('webchat-connecting');
    const saved = JSON.parse(localStorage.getItem(STORE) || 'null');
    if (saved && saved.id && saved.token) {
      session = saved;
      try {
        const history = await api('/' + session.id + '/history', { method: 'GET' });
        if (history.language) { lang = history.language; chrome(); }
        for (const m of history.messages) m.direction === 'in' ? bubble('in', m.text) : showReply(m.reply, { operator: m.direction === 'operator' });
        connect();
        return;
      } catch (e) {
        if (e.status !== 401 && e.status !== 404) { status('webchat-offline'); setTimeout(start, 3000); return; }
        session = null;
      }
    }
    const created = await api('', { method: 'POST', body: JSON.stringify({ language: lang }) });
    session = { id: created.conversationId, token: created.token };
    localStorage.setItem(STORE, JSON.stringify(session));
    connect();
    try { handleReplies(await api('/' + session.id + '/messages', { method: 'POST', body: JSON.stringify({ type: 'command', command: 'start' }) })); }
    catch (e) { status('webchat-send-failed'); }
  }
  $('form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    send(text.startsWith('/') ? { type: 'command', command: text.slice(1).split(/\\s+/)[0].toLowerCase() } : { type: 'text', text }, text);
  });
  for (const b of document.querySelectorAll('[data-lang]')) {
    b.addEventListener('click', () => {
      if (b.dataset.lang === lang) return;
      lang = b.dataset.lang; chrome();
      if (session) send({ type: 'button', data: 'lang:' + lang }, b.textContent);
    });
  }
  // medical documents: the same upload the API documents, the bot's answer comes back as replies
  $('file').addEventListener('change', async () => {
    const file = $('file').files[0];
    $('file').value = '';
    if (!file || !session) return;
    bubble('in', '📎 ' + file.name);
    const body = new FormData();
    body.append('file', file, file.name);
    try {
      const res = await fetch('/api/chat/conversations/' + session.id + '/files', {
        method: 'POST', body, headers: { authorization: 'Bearer ' + session.token },
      });
      const answer = await res.json();
      if (answer.replies) handleReplies(answer); else status('webchat-send-failed');
    } catch (e) { status('webchat-send-failed'); }
  });
  $('reset').addEventListener('click', () => startOver());
  $('operator').addEventListener('click', () => {
    if (session) send({ type: 'button', data: 'support:operator' }, CHROME[lang]['webchat-ask-operator-hint']);
  });
  start().catch(() => status('webchat-offline'));
})();
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
