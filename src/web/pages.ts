// The dashboard's pages, rendered on the server from the same queries the chat report uses. Forms post
// and redirect, so everything works without JavaScript; the only script reloads a page when a payment
// settles (Server-Sent Events). Phone-sized first: tables scroll sideways, cards wrap.
import type { DashboardPayment, DashboardTenant } from '../../db/queries/dashboard.js';
import type { Language } from '../domain/types.js';
import { formatDate, formatPeriod } from '../messages/format.js';
import { dashboardWords, type DashboardWords } from '../messages/web-messages.js';
import type { MonthSummary } from '../reports/month-summary.js';
import { assetPath } from './assets.js';
import { html, type Html } from './html.js';

export interface Viewer {
  landlordName: string;
  caretakerName: string | null;
  property: string | null;
  language: Language;
  csrfToken: string;
}

export function layout(title: string, lang: Language, body: Html, viewer?: Viewer, options: { live?: string } = {}): string {
  const w = dashboardWords(lang);
  const nav = viewer
    ? html`<nav aria-label="Main"><a href="/app">${w.thisMonth}</a><a href="/app/tenants">${w.tenants}</a><a href="/app/payments">${w.payments}</a></nav>
      <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${viewer.csrfToken}"><button class="link">${w.signOut}</button></form>`
    : '';
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · RentEase</title><link rel="stylesheet" href="${assetPath('css')}"></head>
<body><header><h1>RentEase${viewer ? html` · ${viewer.caretakerName ? `${viewer.landlordName} (${viewer.caretakerName})` : viewer.landlordName}` : ''}</h1>${nav}</header>
<main${options.live ? html` data-live="${options.live}"` : ''}>${body}</main>${options.live ? html`<script type="module" src="${assetPath('live')}"></script>` : ''}</body></html>`.__html}`;
}

export function loginPage(lang: Language, state: { step: 'phone' | 'code'; phone?: string; message?: string; error?: string; csrf: string }): string {
  const w = dashboardWords(lang);
  const body =
    state.step === 'phone'
      ? html`<form method="post" action="/login"><input type="hidden" name="_csrf" value="${state.csrf}">
          <label for="phone">${w.phone}</label><input id="phone" name="phone" inputmode="tel" autocomplete="tel" required value="${state.phone ?? ''}">
          <button>${w.sendCode}</button></form>`
      : html`<form method="post" action="/login/code"><input type="hidden" name="_csrf" value="${state.csrf}"><input type="hidden" name="phone" value="${state.phone ?? ''}">
          <label for="code">${w.code}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
          <button>${w.signIn}</button></form>`;
  return layout(
    w.signIn,
    lang,
    html`<section class="login"><h2>${w.signIn}</h2>${state.message ? html`<p class="notice" role="status">${state.message}</p>` : ''}${state.error ? html`<p class="notice error" role="alert">${state.error}</p>` : ''}${body}</section>`,
  );
}

const money = (w: DashboardWords, n: number) => w.kes(n);
const day = (iso: string | null, lang: Language) => (iso ? formatDate(new Date(iso), lang) : '—');

export interface DashboardView {
  period: string;
  totals: MonthSummary['totals'];
  properties: MonthSummary['properties'];
  byDay: { day: number; amount: number }[];
  byMonth: { period: string; amount: number }[];
  payout: { type: string; shortCode: string; active: boolean; lastTestedAt: string | null } | null;
  unpaid: { id: string; name: string; unit: string; property: string; due: number }[];
  unpaidCount: number;
  latest: DashboardPayment[];
  suspense: DashboardPayment[];
  csvUrl: string;
}

export function dashboardPage(viewer: Viewer, view: DashboardView): string {
  const lang = viewer.language;
  const w = dashboardWords(lang);
  const maxDay = Math.max(1, ...view.byDay.map((d) => d.amount));
  const maxMonth = Math.max(1, ...view.byMonth.map((m) => m.amount));
  const body = html`
  <section aria-labelledby="month"><h2 id="month">${w.thisMonth}: ${formatPeriod(view.period, lang)}</h2>
    <div class="cards">
      <div class="card" data-total="billed"><span>${w.billed}</span><b>${money(w, view.totals.billed)}</b></div>
      <div class="card" data-total="collected"><span>${w.collected}</span><b>${money(w, view.totals.collected)}</b></div>
      <div class="card" data-total="due"><span>${w.outstanding}</span><b>${money(w, view.totals.due)}</b></div>
      <div class="card" data-total="upcoming"><span>${w.upcoming}</span><b>${money(w, view.totals.upcoming)}</b></div>
    </div>
    <p class="muted">${w.live} <a href="${view.csvUrl}">${w.exportCsv}</a></p>
  </section>
  ${view.properties.length > 0 ? html`<section><h2>${w.properties}</h2><div class="tablewrap"><table><thead><tr><th>${w.name}</th><th class="n">${w.billed}</th><th class="n">${w.collected}</th><th class="n">${w.outstanding}</th></tr></thead><tbody>
    ${view.properties.map((p) => html`<tr><td>${p.name || '—'}</td><td class="n">${money(w, p.billed)}</td><td class="n">${money(w, p.collected)}</td><td class="n">${money(w, p.due)}</td></tr>`)}</tbody></table></div></section>` : ''}
  <section><h2>${w.byDay}</h2><div class="bars" role="img" aria-label="${w.byDay}">${Array.from({ length: 31 }, (_, i) => {
    const amount = view.byDay.find((d) => d.day === i + 1)?.amount ?? 0;
    return html`<div style="height:${Math.round((amount / maxDay) * 100)}%" title="${i + 1}: ${money(w, amount)}"></div>`;
  })}</div>
    <h2 style="margin-top:12px">${w.sixMonths}</h2><div class="months">${view.byMonth.map((m) => html`<div><i style="height:${Math.max(2, Math.round((m.amount / maxMonth) * 70))}px"></i>${formatPeriod(m.period, lang).slice(0, 3)}<br>${money(w, m.amount)}</div>`)}</div></section>
  <section><h2>${w.unpaid} (${view.unpaidCount})</h2>${owingTable(w, view.unpaid)}<p><a href="/app/tenants?status=unpaid">${w.tenants} →</a></p></section>
  <section><h2>${w.payments}</h2>${paymentTable(w, lang, view.latest)}<p><a href="/app/payments">${w.payments} →</a></p></section>
  ${viewer.caretakerName ? '' : html`<section><h2>${w.unmatched} (${view.suspense.length})</h2>${view.suspense.length ? paymentTable(w, lang, view.suspense) : html`<p>${w.nothing}</p>`}</section>`}
  <section><h2>${w.payout}</h2><p>${view.payout ? html`${view.payout.type} ${view.payout.shortCode}: ${view.payout.active ? w.active : w.notActive}${view.payout.lastTestedAt ? html` · ${day(view.payout.lastTestedAt, lang)}` : ''}` : w.noPayout}</p></section>`;
  return layout(w.thisMonth, lang, body, viewer, { live: '/app/events' });
}

/** Who owes the most, on the first page: unit, name, what is owed now. */
function owingTable(w: DashboardWords, owing: DashboardView['unpaid']): Html {
  if (owing.length === 0) return html`<p>${w.nothing}</p>`;
  return html`<div class="tablewrap"><table><thead><tr><th>${w.unit}</th><th>${w.name}</th><th class="n">${w.balance}</th></tr></thead><tbody>
  ${owing.map((t) => html`<tr data-tenant="${t.id}"><td>${t.unit}${t.property ? html`<br><span class="muted">${t.property}</span>` : ''}</td><td><a href="/app/tenants/${t.id}">${t.name}</a></td><td class="n">${w.kes(t.due)}</td></tr>`)}
  </tbody></table></div>`;
}

export function tenantTable(w: DashboardWords, lang: Language, tenants: DashboardTenant[]): Html {
  if (tenants.length === 0) return html`<p>${w.nothing}</p>`;
  return html`<div class="tablewrap"><table><thead><tr><th>${w.unit}</th><th>${w.name}</th><th class="n hide-sm">${w.rent}</th><th class="n">${w.balance}</th><th>${w.status}</th><th class="hide-sm">${w.lastPayment}</th><th class="hide-sm">${w.reminders}</th></tr></thead><tbody>
  ${tenants.map((t) => html`<tr data-tenant="${t.id}"><td>${t.unit}${t.property ? html`<br><span class="muted">${t.property}</span>` : ''}</td><td><a href="/app/tenants/${t.id}">${t.name}</a></td><td class="n hide-sm">${w.kes(t.monthlyRent)}</td><td class="n">${w.kes(t.due)}</td><td><span class="tag ${t.status}">${w[t.status]}</span></td><td class="hide-sm">${day(t.lastPaymentAt, lang)}</td><td class="hide-sm">${t.remindersOn ? w.on : w.off}</td></tr>`)}
  </tbody></table></div>`;
}

export function paymentTable(w: DashboardWords, lang: Language, payments: DashboardPayment[], assign?: { tenants: DashboardTenant[]; csrf: string }): Html {
  if (payments.length === 0) return html`<p>${w.nothing}</p>`;
  return html`<div class="tablewrap"><table><thead><tr><th>${w.date}</th><th>${w.name}</th><th class="n">${w.amount}</th><th>${w.receipt}</th><th class="hide-sm">${w.source}</th><th>${w.status}</th></tr></thead><tbody>
  ${payments.map(
    (p) => html`<tr data-payment="${p.id}"><td>${day(p.at, lang)}</td><td>${p.name ? html`${p.name} (${p.unit})` : html`<span class="muted">“${p.reference}”</span>`}</td><td class="n">${w.kes(p.amount)}</td><td>${p.receipt ?? '—'}</td><td class="hide-sm">${w.sources[p.source] ?? p.source}</td><td>${p.status}${
      assign && p.status === 'suspense'
        ? html`<form method="post" action="/app/payments/${p.id}/assign" class="inline"><input type="hidden" name="_csrf" value="${assign.csrf}">
          <label>${w.assign} <select name="tenantId" required>${assign.tenants.map((t) => html`<option value="${t.id}">${t.unit} ${t.name}</option>`)}</select></label>
          <label>${w.pin} <input name="pin" type="password" inputmode="numeric" autocomplete="off" required size="6"></label><button>${w.assign}</button></form>`
        : ''
    }</td></tr>`,
  )}</tbody></table></div>`;
}

/** Tenants a page of the tenants list holds. */
export const TENANTS_PER_PAGE = 100;

export function tenantsPage(viewer: Viewer, tenants: DashboardTenant[], filter: { status: string; q: string; page: number }): string {
  const lang = viewer.language;
  const w = dashboardWords(lang);
  const statuses = ['all', 'unpaid', 'partial', 'paid', 'overdue'] as const;
  const body = html`<section><h2>${w.tenants} (${tenants.length})</h2>
    <form method="get" action="/app/tenants" class="inline" role="search"><label for="q" class="hide-sm">${w.search}</label><input id="q" name="q" value="${filter.q}" placeholder="${w.search}">
    <label for="status" class="hide-sm">${w.status}</label><select id="status" name="status">${statuses.map((s) => html`<option value="${s}"${filter.status === s ? html` selected` : ''}>${w[s]}</option>`)}</select><button>${w.search.split(' ')[0]}</button></form>
    ${tenantTable(w, lang, tenants.slice(filter.page * TENANTS_PER_PAGE, (filter.page + 1) * TENANTS_PER_PAGE))}
    ${pager(tenants.length, filter)}</section>`;
  return layout(w.tenants, lang, body, viewer);
}

function pager(total: number, filter: { status: string; q: string; page: number }): Html {
  const pages = Math.ceil(total / TENANTS_PER_PAGE);
  if (pages <= 1) return html``;
  const link = (page: number) => `/app/tenants?${new URLSearchParams({ status: filter.status, q: filter.q, page: String(page + 1) }).toString()}`;
  return html`<nav aria-label="Pages" class="inline">${filter.page > 0 ? html`<a href="${link(filter.page - 1)}">←</a>` : ''} ${filter.page + 1} / ${pages} ${filter.page + 1 < pages ? html`<a href="${link(filter.page + 1)}">→</a>` : ''}</nav>`;
}

export function tenantPage(viewer: Viewer, tenant: DashboardTenant, bills: { what: string; amount: number; paid: number; dueDate: string }[], payments: DashboardPayment[]): string {
  const lang = viewer.language;
  const w = dashboardWords(lang);
  const body = html`<section><h2>${w.statement}: ${tenant.name}, ${tenant.unit}</h2>
    <p>${w.rent} ${w.kes(tenant.monthlyRent)} · ${w.balance} <b data-balance>${w.kes(tenant.due)}</b> · ${w.upcoming} ${w.kes(tenant.upcoming)} · <span class="tag ${tenant.status}">${w[tenant.status]}</span> · ${tenant.accountNumber}</p>
    <h2>${w.bills}</h2>${bills.length ? html`<div class="tablewrap"><table><thead><tr><th>${w.bills}</th><th>${w.date}</th><th class="n">${w.amount}</th><th class="n">${w.paid}</th></tr></thead><tbody>${bills.map((b) => html`<tr><td>${b.what}</td><td>${b.dueDate}</td><td class="n">${w.kes(b.amount)}</td><td class="n">${w.kes(b.paid)}</td></tr>`)}</tbody></table></div>` : html`<p>${w.nothing}</p>`}
    <h2>${w.payments}</h2>${paymentTable(w, lang, payments)}</section>`;
  return layout(tenant.name, lang, body, viewer, { live: '/app/events' });
}

export function paymentsPage(viewer: Viewer, payments: DashboardPayment[], assign: { tenants: DashboardTenant[] } | null, notice?: { text: string; error?: boolean }): string {
  const lang = viewer.language;
  const w = dashboardWords(lang);
  const body = html`${notice ? html`<p class="notice${notice.error ? ' error' : ''}" role="status">${notice.text}</p>` : ''}<section><h2>${w.payments}</h2>${paymentTable(w, lang, payments, assign ? { tenants: assign.tenants, csrf: viewer.csrfToken } : undefined)}</section>
    <section><form method="post" action="/logout/everywhere"><input type="hidden" name="_csrf" value="${viewer.csrfToken}"><button>${w.signOutEverywhere}</button></form></section>`;
  return layout(w.payments, lang, body, viewer, { live: '/app/events' });
}
