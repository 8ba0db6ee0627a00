import type { Language } from '../../../../core/dialog';
import { formatAmount, type I18n } from '../../../../core/i18n';
import { payloadLines, type Queue, type QueueItem, type ShownMessage, type TicketView } from './data';
import { CONSOLE_PATH } from './session';

/**
 * Server-rendered pages of the operator console (no build step): HTML + a little vanilla JS that
 * polls JSON fragments every few seconds. Every state change is a plain <form method="post"> with
 * the CSRF token, so the console works with the keyboard alone and even without JS.
 */

export interface PageContext {
  i18n: I18n;
  lang: Language;
  csrf: string;
  zone: string;
  now: Date;
  operator?: { id: string; displayName: string };
}

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const tr = (page: PageContext, key: string, params?: Record<string, string | number>) =>
  escapeHtml(page.i18n.t(page.lang, key, params));

function clock(page: PageContext, at: Date): string {
  return new Intl.DateTimeFormat('ru-RU', {
    timeZone: page.zone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

function minutesSince(page: PageContext, at: Date): number {
  return Math.max(0, Math.floor((page.now.getTime() - at.getTime()) / 60_000));
}

const STYLE = `
  :root { --accent: #0b6e4f; --muted: #555; --line: #d5d9de; --bg: #f4f6f8; --warn: #8a1c1c; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: #1b1f23; }
  a { color: var(--accent); }
  :focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
  .skip { position: absolute; left: -9999px; top: 0; background: #fff; padding: 8px; }
  .skip:focus { left: 8px; z-index: 10; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 16px; background: var(--accent); color: #fff; }
  header.top h1 { margin: 0; font-size: 18px; flex: 1; }
  header.top form { margin: 0; }
  header.top button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.7); }
  main { max-width: 1100px; margin: 0 auto; padding: 12px 16px 40px; }
  h2 { font-size: 17px; margin: 20px 0 8px; }
  button, .button { font: inherit; padding: 7px 14px; border-radius: 8px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
  button.secondary, .button.secondary { background: #fff; color: var(--accent); }
  button.danger { background: #fff; color: var(--warn); border-color: var(--warn); }
  .cards { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; }
  .meta { color: var(--muted); font-size: 14px; }
  .meta strong { color: #1b1f23; }
  .preview { margin: 6px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-top: 6px; }
  .actions form { margin: 0; }
  .empty { color: var(--muted); }
  .flash { background: #fdecea; color: var(--warn); border: 1px solid #f5c2c0; padding: 8px 12px; border-radius: 8px; }
  .flash:empty { display: none; }
  .grid { display: grid; gap: 16px; grid-template-columns: 1fr; }
  @media (min-width: 860px) { .grid { grid-template-columns: 320px 1fr; } }
  .panel { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 4px 14px 12px; }
  dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
  dt { color: var(--muted); } dd { margin: 0; overflow-wrap: anywhere; }
  ul.plain { padding-left: 18px; margin: 4px 0; }
  ol.messages { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 6px; max-height: 60vh; overflow-y: auto; }
  .m { max-width: 90%; padding: 6px 10px; border-radius: 10px; background: #fff; border: 1px solid var(--line); }
  .m.user { align-self: flex-start; background: #eef3ff; border-color: #c9d6f5; }
  .m.bot { align-self: flex-end; background: #fff; }
  .m.operator { align-self: flex-end; background: #dcf3e8; border-color: #9fd8bd; }
  .m .who { display: block; font-size: 12px; color: var(--muted); }
  .m .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  label { display: block; font-weight: 600; margin: 8px 0 4px; }
  textarea, input[type=text], input[type=password] { width: 100%; font: inherit; padding: 8px 10px; border: 1px solid #99a; border-radius: 8px; }
  textarea { min-height: 90px; resize: vertical; }
  .login { max-width: 380px; margin: 40px auto; background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 8px 20px 20px; }
  .login button { margin-top: 14px; width: 100%; }
`;

export function layout(page: PageContext, title: string, main: string, script = ''): string {
  const signedIn = page.operator
    ? `<span>${tr(page, 'op-signed-in-as', { name: page.operator.displayName })}</span>
  <form method="post" action="${CONSOLE_PATH}/logout"><input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}"><button type="submit">${tr(page, 'op-logout')}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">${tr(page, 'op-skip')}</a>
<header class="top">
  <h1>${tr(page, 'op-title')}</h1>
  ${signedIn}
</header>
<main id="main" tabindex="-1">
${main}
</main>
${script ? `<script>${script}</script>` : ''}
</body>
</html>
`;
}

export function loginPage(page: PageContext, error?: 'failed' | 'throttled' | 'csrf', login = ''): string {
  const message = error ? tr(page, error === 'csrf' ? 'op-csrf-failed' : `op-login-${error}`) : '';
  return layout(
    page,
    page.i18n.t(page.lang, 'op-title'),
    `<form class="login" method="post" action="${CONSOLE_PATH}/login">
  <h2>${tr(page, 'op-login-heading')}</h2>
  <div class="flash" role="alert" id="flash">${message}</div>
  <input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}">
  <label for="login">${tr(page, 'op-login-field')}</label>
  <input type="text" id="login" name="login" autocomplete="username" required autofocus value="${escapeHtml(login)}">
  <label for="password">${tr(page, 'op-password-field')}</label>
  <input type="password" id="password" name="password" autocomplete="current-password" required>
  <button type="submit">${tr(page, 'op-login-submit')}</button>
</form>`,
  );
}

function hidden(page: PageContext): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(page.csrf)}">`;
}

function postButton(page: PageContext, action: string, label: string, cls = ''): string {
  return `<form method="post" action="${CONSOLE_PATH}/tickets/${action}">${hidden(page)}<button type="submit"${cls ? ` class="${cls}"` : ''}>${escapeHtml(label)}</button></form>`;
}

function channelLabel(page: PageContext, channel: string | null): string {
  return channel === 'telegram' || channel === 'webchat'
    ? tr(page, `op-channel-${channel}`)
    : escapeHtml(channel ?? '—');
}

function reasonLabel(page: PageContext, reason: string): string {
  const key = `op-reason-${reason.replace(/_/g, '-')}`;
  return page.i18n.has(key) ? tr(page, key) : escapeHtml(reason);
}

function kindLabel(page: PageContext, kind: string): string {
  return tr(page, `op-kind-${kind.replace(/_/g, '-')}`);
}

function chatCard(page: PageContext, item: QueueItem, section: 'waiting' | 'mine' | 'others'): string {
  const waited = minutesSince(page, item.createdAt);
  const meta = [
    `<strong>${tr(page, 'op-col-waiting')}: ${tr(page, 'op-minutes', { count: waited })}</strong>`,
    channelLabel(page, item.channel),
    escapeHtml((item.language ?? 'ru').toUpperCase()),
    reasonLabel(page, item.reason),
    ...(section === 'others' && item.operatorName
      ? [`${tr(page, 'op-col-operator')}: ${escapeHtml(item.operatorName)}`]
      : []),
  ].join(' · ');
  const open = `<a class="button secondary" href="${CONSOLE_PATH}/tickets/${item.id}">${tr(page, 'op-open')}</a>`;
  const take =
    section === 'waiting' ? postButton(page, `${item.id}/take`, page.i18n.t(page.lang, 'op-take')) : '';
  return `<li class="card" data-key="${item.id}">
  <div class="meta">${meta}</div>
  ${item.preview ? `<p class="preview">${escapeHtml(item.preview)}</p>` : ''}
  <div class="actions">${take}${open}</div>
</li>`;
}

function taskCard(page: PageContext, item: QueueItem): string {
  const details = payloadLines(item.payload)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  const open = item.channel
    ? `<a class="button secondary" href="${CONSOLE_PATH}/tickets/${item.id}">${tr(page, 'op-open')}</a>`
    : '';
  return `<li class="card" data-key="${item.id}">
  <div class="meta"><strong>${kindLabel(page, item.kind)}</strong> · ${escapeHtml(clock(page, item.createdAt))} · ${reasonLabel(page, item.reason)}</div>
  ${details ? `<dl aria-label="${tr(page, 'op-task-details')}">${details}</dl>` : ''}
  <div class="actions">${postButton(page, `${item.id}/done`, page.i18n.t(page.lang, 'op-done'))}${open}</div>
</li>`;
}

export type QueueSection = 'waiting' | 'mine' | 'others' | 'tasks';
export const QUEUE_SECTIONS: QueueSection[] = ['waiting', 'mine', 'others', 'tasks'];

export function queueSection(page: PageContext, queue: Queue, section: QueueSection): string {
  const items = queue[section];
  if (items.length === 0) return `<p class="empty">${tr(page, 'op-empty')}</p>`;
  const cards = items.map((item) =>
    section === 'tasks' ? taskCard(page, item) : chatCard(page, item, section),
  );
  return `<ul class="cards">${cards.join('')}</ul>`;
}

const QUEUE_SCRIPT = `
(() => {
  const sections = document.querySelectorAll('[data-live]');
  const live = document.getElementById('live');
  let last = {};
  async function refresh() {
    try {
      const res = await fetch(location.pathname.replace(/\\/$/, '') + '/api/queue', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (res.status === 401) { location.href = '${CONSOLE_PATH}/login'; return; }
      if (!res.ok) return;
      const data = await res.json();
      for (const el of sections) {
        const name = el.dataset.live;
        if (data.html[name] === last[name]) continue;
        const active = document.activeElement;
        const key = active && active.closest && active.closest('[data-key]') ? active.closest('[data-key]').dataset.key : null;
        const tag = active ? active.tagName : null;
        el.innerHTML = data.html[name];
        last[name] = data.html[name];
        document.getElementById('count-' + name).textContent = String(data.counts[name]);
        if (key && el.contains(document.body) === false) {
          const again = el.querySelector('[data-key="' + key + '"] ' + (tag === 'A' ? 'a' : 'button'));
          if (again) again.focus();
        }
      }
      const summary = data.summary;
      if (live.textContent !== summary) live.textContent = summary;
    } catch (e) { /* offline: try again */ }
  }
  for (const el of sections) last[el.dataset.live] = el.innerHTML;
  setInterval(refresh, 3000);
})();
`;

export function queueSummary(page: PageContext, queue: Queue): string {
  return `${page.i18n.t(page.lang, 'op-waiting-heading')}: ${queue.waiting.length}; ${page.i18n.t(page.lang, 'op-tasks-heading')}: ${queue.tasks.length}`;
}

export function queuePage(page: PageContext, queue: Queue, flash = ''): string {
  const headings: Record<QueueSection, string> = {
    waiting: 'op-waiting-heading',
    mine: 'op-mine-heading',
    others: 'op-others-heading',
    tasks: 'op-tasks-heading',
  };
  const sections = QUEUE_SECTIONS.map(
    (section) => `<section aria-labelledby="h-${section}">
  <h2 id="h-${section}">${tr(page, headings[section])} (<span id="count-${section}">${queue[section].length}</span>)</h2>
  <div data-live="${section}">${queueSection(page, queue, section)}</div>
</section>`,
  ).join('\n');
  return layout(
    page,
    page.i18n.t(page.lang, 'op-title'),
    `<div class="flash" role="alert" id="flash">${escapeHtml(flash)}</div>
<p class="meta">${tr(page, 'op-live-hint')}</p>
<p id="live" class="sr-only" aria-live="polite">${escapeHtml(queueSummary(page, queue))}</p>
${sections}`,
    QUEUE_SCRIPT,
  );
}

// --- one ticket ------------------------------------------------------------------------------

export function messagesHtml(page: PageContext, messages: ShownMessage[]): string {
  if (messages.length === 0) return `<li class="empty">${tr(page, 'op-messages-none')}</li>`;
  const who = { user: 'op-from-user', bot: 'op-from-bot', operator: 'op-from-operator' } as const;
  return messages
    .map(
      (m) =>
        `<li class="m ${m.from}" data-id="${m.id}"><span class="who">${tr(page, who[m.from])} · ${escapeHtml(clock(page, m.at))}</span><span class="text">${escapeHtml(m.text)}</span></li>`,
    )
    .join('');
}

export function statusText(page: PageContext, view: TicketView): string {
  const { ticket } = view;
  if (ticket.status === 'taken') return tr(page, 'op-status-taken', { name: ticket.operatorName ?? '' });
  return tr(page, `op-status-${ticket.status}`);
}

/** A key that changes when the available actions change (the form is not replaced while typing). */
export function actionsKey(view: TicketView, operatorId: string): string {
  return `${view.ticket.status}:${view.ticket.operatorId === operatorId}`;
}

export function actionsHtml(page: PageContext, view: TicketView): string {
  const { ticket } = view;
  const id = ticket.id;
  const mine = ticket.operatorId === page.operator?.id;
  if (ticket.kind !== 'chat') {
    return ticket.status === 'waiting' || ticket.status === 'taken'
      ? `<div class="actions">${postButton(page, `${id}/done`, page.i18n.t(page.lang, 'op-done'))}</div>`
      : '';
  }
  if (ticket.status === 'waiting') {
    return `<div class="actions">${postButton(page, `${id}/take`, page.i18n.t(page.lang, 'op-take'))}${postButton(page, `${id}/close`, page.i18n.t(page.lang, 'op-close'), 'danger')}</div>`;
  }
  if (ticket.status === 'taken' && mine) {
    return `<form method="post" action="${CONSOLE_PATH}/tickets/${id}/reply" id="reply-form">
  ${hidden(page)}
  <label for="reply">${tr(page, 'op-reply-label')}</label>
  <textarea id="reply" name="text" maxlength="4000" required autofocus></textarea>
  <div class="actions"><button type="submit">${tr(page, 'op-reply-send')}</button></div>
</form>
<div class="actions">${postButton(page, `${id}/return`, page.i18n.t(page.lang, 'op-return'), 'secondary')}${postButton(page, `${id}/close`, page.i18n.t(page.lang, 'op-close'), 'danger')}</div>`;
  }
  return '';
}

function clientHtml(page: PageContext, view: TicketView): string {
  const person = view.person;
  const rows = person
    ? [
        ['op-client-name', person.fullName],
        ['op-client-iin', person.iinMasked],
        ['op-client-phone', person.phone],
        ['op-client-email', person.email],
      ]
        .filter(([, value]) => value)
        .map(([key, value]) => `<dt>${tr(page, key!)}</dt><dd>${escapeHtml(value)}</dd>`)
        .join('')
    : '';
  const client = person ? `<dl>${rows}</dl>` : `<p class="empty">${tr(page, 'op-client-unknown')}</p>`;
  const policies =
    view.policies.length === 0
      ? `<p class="empty">${tr(page, 'op-policies-none')}</p>`
      : `<ul class="plain">${view.policies
          .map((p) => {
            const key =
              p.status === 'cooling_off'
                ? 'op-policy-cooling-off'
                : p.status === 'expired'
                  ? 'op-policy-expired'
                  : 'op-policy-active';
            return `<li>${tr(page, key, {
              number: p.policyNumber,
              product: p.productName[page.lang],
              start: p.startsOn,
              end: p.lastDay,
            })}</li>`;
          })
          .join('')}</ul>`;
  const bills =
    view.bills.length === 0
      ? `<p class="empty">${tr(page, 'op-bills-none')}</p>`
      : `<ul class="plain">${view.bills
          .map(
            (b) =>
              `<li>${escapeHtml(b.number)} · ${escapeHtml(b.period)} · ${escapeHtml(formatAmount(page.lang, Number(b.total), b.currency))} · ${tr(page, `op-bill-${b.status}`)}</li>`,
          )
          .join('')}</ul>`;
  const details = payloadLines(view.ticket.payload)
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join('');
  return `<section class="panel" aria-labelledby="h-client">
  <h2 id="h-client">${tr(page, 'op-client-heading')}</h2>
  ${client}
  ${details ? `<h2>${tr(page, 'op-task-details')}</h2><dl>${details}</dl>` : ''}
  <h2>${tr(page, 'op-policies-heading')}</h2>
  ${policies}
  <h2>${tr(page, 'op-bills-heading')}</h2>
  ${bills}
</section>`;
}

const TICKET_SCRIPT = `
(() => {
  const list = document.getElementById('messages');
  const status = document.getElementById('status');
  const actions = document.getElementById('actions');
  let lastMessages = list.innerHTML;
  let key = actions.dataset.key;
  list.scrollTop = list.scrollHeight;
  document.addEventListener('keydown', (event) => {
    if (event.target && event.target.id === 'reply' && event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.target.form.requestSubmit();
    }
  });
  async function refresh() {
    try {
      const res = await fetch(location.pathname.replace('/tickets/', '/api/tickets/'), { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (res.status === 401) { location.href = '${CONSOLE_PATH}/login'; return; }
      if (!res.ok) return;
      const data = await res.json();
      if (data.messages !== lastMessages) {
        const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
        list.innerHTML = data.messages;
        lastMessages = data.messages;
        if (atBottom) list.scrollTop = list.scrollHeight;
      }
      if (status.innerHTML !== data.status) status.innerHTML = data.status;
      if (data.actionsKey !== key) { actions.innerHTML = data.actions; key = data.actionsKey; actions.dataset.key = key; }
    } catch (e) { /* offline: try again */ }
  }
  setInterval(refresh, 2000);
})();
`;

export function ticketPage(page: PageContext, view: TicketView, flash = ''): string {
  const { ticket } = view;
  const heading = [
    ticket.kind === 'chat' ? tr(page, 'op-ticket-heading') : kindLabel(page, ticket.kind),
    channelLabel(page, ticket.channel),
    ticket.language ? escapeHtml(ticket.language.toUpperCase()) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return layout(
    page,
    `${page.i18n.t(page.lang, 'op-ticket-heading')} — ${page.i18n.t(page.lang, 'op-title')}`,
    `<p><a href="${CONSOLE_PATH}">${tr(page, 'op-back')}</a></p>
<h2>${heading}</h2>
<p>${tr(page, 'op-status-label')}: <strong id="status">${statusText(page, view)}</strong> · ${tr(page, 'op-reason-label')}: ${reasonLabel(page, ticket.reason)}</p>
<div class="flash" role="alert" id="flash">${escapeHtml(flash)}</div>
<div class="grid">
${clientHtml(page, view)}
<section class="panel" aria-labelledby="h-messages">
  <h2 id="h-messages">${tr(page, 'op-messages-heading')}</h2>
  <ol class="messages" id="messages" aria-live="polite" tabindex="0" aria-labelledby="h-messages">${messagesHtml(page, view.messages)}</ol>
  <div id="actions" data-key="${escapeHtml(actionsKey(view, page.operator?.id ?? ''))}">${actionsHtml(page, view)}</div>
</section>
</div>`,
    TICKET_SCRIPT,
  );
}
