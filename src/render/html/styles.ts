// Owns the HTML report's one stylesheet, inlined in the page (the CSP allows exactly this text by its hash):
// light and dark colours from prefers-color-scheme, the category, outcome, heat and change colours the charts
// use by class, and a print stylesheet for A4 that keeps table rows and charts whole. No url() of any kind.

import { CATEGORIES, type Category } from '../../catalog/types.js';

/** One colour per category, in CATEGORIES order; the two "nothing to fix" categories are grey. */
const CATEGORY_COLOURS = {
  credentials: '#4e79a7',
  account_blocked: '#e15759',
  mfa: '#f28e2b',
  conditional_access: '#76b7b2',
  device_identity: '#59a14f',
  app_config: '#edc948',
  consent_assignment: '#b07aa1',
  federation_idp: '#ff9da7',
  hybrid_onprem: '#9c755f',
  token_session: '#86bcb6',
  identity_not_found: '#d37295',
  service_transient: '#8cd17d',
  interrupt_or_info: '#bab0ac',
  unknown: '#79706e',
} as const satisfies Record<Category, string>;

const categoryRules = CATEGORIES.map(
  (category) =>
    `.cat-${category}{fill:${CATEGORY_COLOURS[category]};background:${CATEGORY_COLOURS[category]}}.edge-${category}{border-left-color:${CATEGORY_COLOURS[category]}}`,
).join('\n');

export const STYLESHEET = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1d2733;--muted:#5b6673;--line:#d9dee4;--panel:#f5f7f9;--accent:#1f5fa8;
--bad:#c0392b;--good:#2e7d32;--warn:#b7791f;--h0:#eef1f4;--h1:#c6dbef;--h2:#9ecae1;--h3:#6baed6;--h4:#3182bd;--h5:#08519c;--hi-text:#ffffff}
@media (prefers-color-scheme:dark){:root{--bg:#14181d;--fg:#e4e8ec;--muted:#9aa5b1;--line:#313a44;--panel:#1c2229;--accent:#7fb2f0;
--bad:#ff7b6b;--good:#7bd389;--warn:#f0b45a;--h0:#20272f;--h1:#1d3b5c;--h2:#245083;--h3:#2f6bb0;--h4:#4b8fdb;--h5:#8cc0f5;--hi-text:#0b0f14}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.3rem;margin:36px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:1.05rem;margin:20px 0 6px}
p{margin:6px 0}
.muted,.note{color:var(--muted)}
.note{font-size:.88rem}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:18px 0 8px;padding:0;list-style:none}
.kpi{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.kpi .label{display:block;color:var(--muted);font-size:.85rem}
.kpi .number{display:block;font-size:1.75rem;font-weight:650;line-height:1.2}
.kpi .detail{display:block;font-size:.85rem;color:var(--muted)}
.up{color:var(--bad)}.down{color:var(--good)}
.kpi .up,.kpi .down,.kpi .same{font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
.card{background:var(--panel);border:1px solid var(--line);border-left:6px solid var(--line);border-radius:8px;padding:10px 14px}
.card h3{margin:2px 0 4px}
.card .who{display:inline-block;font-size:.8rem;font-weight:600;padding:1px 8px;border-radius:10px;border:1px solid var(--line);background:var(--bg)}
.card .counts{font-size:.9rem;color:var(--muted);margin:4px 0}
.card p{font-size:.92rem}
.card.quiet{opacity:.75}
.finding{border-left-color:var(--warn)}
.finding.high{border-left-color:var(--bad)}
.severity{font-size:.78rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;padding:1px 8px;border-radius:10px;border:1px solid currentColor}
.severity.high{color:var(--bad)}.severity.medium{color:var(--warn)}.severity.low,.severity.info{color:var(--muted)}
.crossed{color:var(--bad);font-weight:600}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
figure{margin:8px 0 4px}
.chart{display:block;width:100%;height:auto;font-size:11px}
.chart text{fill:var(--fg)}
.chart .axis text{fill:var(--muted)}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .zero{stroke:var(--muted);stroke-width:1}
.chart .bar{stroke:var(--bg);stroke-width:.5}
.chart .value{font-weight:600}
.chart .earlier path{fill:none;stroke:var(--fg);stroke-width:2;stroke-dasharray:5 4}
.chart .earlier circle{fill:var(--bg);stroke:var(--fg);stroke-width:1.5}
.earlier-swatch{background:none;border-top:2px dashed var(--fg);height:0;width:18px;border-radius:0;vertical-align:3px}
.outcome-failure .bar{fill:var(--bad)}.outcome-interrupted .bar{fill:var(--warn)}
.swatch.outcome-failure{background:var(--bad)}.swatch.outcome-interrupted{background:var(--warn)}
.chart .legacy .bar{fill:var(--h2)}.chart .legacy .part{fill:var(--bad)}
.swatch.signins{background:var(--h2)}.swatch.failures{background:var(--bad)}
.chart .up .bar{fill:var(--bad)}.chart .down .bar{fill:var(--good)}
.chart .up .value{fill:var(--bad)}.chart .down .value{fill:var(--good)}
.cell rect{stroke:none}.cell text{font-size:10px}
.h0 rect{fill:var(--h0)}.h1 rect{fill:var(--h1)}.h2 rect{fill:var(--h2)}.h3 rect{fill:var(--h3)}.h4 rect{fill:var(--h4)}.h5 rect{fill:var(--h5)}
.h4 text,.h5 text{fill:var(--hi-text)}
.swatch.h0{background:var(--h0)}.swatch.h1{background:var(--h1)}.swatch.h2{background:var(--h2)}.swatch.h3{background:var(--h3)}.swatch.h4{background:var(--h4)}.swatch.h5{background:var(--h5)}
${categoryRules}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:4px 0;padding:0;list-style:none;font-size:.85rem;color:var(--muted)}
.charts{display:grid;grid-template-columns:1fr;gap:8px}
.chart-block{background:var(--bg)}
details{margin:4px 0 12px}
summary{cursor:pointer;color:var(--accent);font-size:.88rem}
table{width:100%;border-collapse:collapse;margin:6px 0 14px;font-size:.9rem}
.scroll{overflow-x:auto}
.cards>.card:has(details[open]){grid-column:1/-1}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding:2px 0 6px;caption-side:top}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border-bottom:1px solid var(--line);overflow-wrap:break-word}
th{font-weight:600;background:var(--panel)}
td.num,th.num{text-align:right;white-space:nowrap;overflow-wrap:normal}
#daily-numbers th.num{white-space:normal}
td.prose{min-width:12em;font-size:.86rem}
td.key{white-space:nowrap}
td.name{min-width:8em;max-width:16em}
tbody tr:nth-child(even){background:color-mix(in srgb,var(--panel) 55%,transparent)}
th button{all:unset;cursor:pointer}
th button:focus-visible{outline:2px solid var(--accent)}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
.tag{font-size:.75rem;font-weight:600;border:1px solid currentColor;border-radius:8px;padding:0 6px;color:var(--warn);white-space:nowrap}
.empty{color:var(--muted);font-style:italic}
footer{margin-top:40px;border-top:1px solid var(--line);padding-top:10px;font-size:.82rem;color:var(--muted)}
footer ul{margin:4px 0;padding-left:18px}
@media print{
:root{color-scheme:light;--bg:#ffffff;--fg:#000000;--muted:#444b53;--line:#c8ced6;--panel:#f3f5f7;--h0:#eef1f4;--h1:#c6dbef;--h2:#9ecae1;--h3:#6baed6;--h4:#3182bd;--h5:#08519c;--hi-text:#ffffff;--bad:#b03a2e;--good:#2e7d32;--warn:#9c6500}
@page{size:A4;margin:12mm}
body{font-size:10pt}
main{max-width:none;padding:0}
h2{break-after:avoid}
h3{break-after:avoid}
.card,.kpi,figure,.chart-block{break-inside:avoid}
table{font-size:8.5pt}
.scroll{overflow:visible}
thead{display:table-header-group}
tr{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`.trim();
