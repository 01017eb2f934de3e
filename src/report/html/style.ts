// report.html's stylesheet, inline in the page.

export const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:20px 28px;max-width:1320px;color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:34px 0 8px;padding-bottom:4px;border-bottom:1px solid #e4e4e4}h3{font-size:14px;margin:0 0 6px}
.facts{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0 0 10px}.facts div{display:flex;gap:6px}dt{color:#666}dd{margin:0;font-weight:500}
nav{display:flex;flex-wrap:wrap;gap:14px;font-size:13px;padding:6px 0;border-top:1px solid #eee;border-bottom:1px solid #eee}nav a{color:#0b57d0;text-decoration:none}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 14px}
.card{border:1px solid #d7e3d7;background:#f6fbf6;border-radius:6px;padding:10px 14px;min-width:260px;max-width:420px}
.card ul{margin:0;padding-left:18px}.card .mem{font-weight:700;color:#1b5e20}.card .fig-s{color:#555;font-size:12px}
.card .why{margin:6px 0 0;color:#444;font-size:12px}
.verdict-none{padding:10px 14px;border:1px solid #e4e4e4;border-radius:6px;background:#fafafa;display:inline-block}
.basis{margin:0 0 12px;font-size:12px;color:#444}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:12.5px}
caption{text-align:left;font-weight:600;padding:2px 0 6px;font-size:12.5px}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right;white-space:nowrap}th{background:#f4f4f4;font-weight:600}
td:first-child{text-align:left}
table.summary td:nth-child(3){text-align:left}table.summary tr.all td{font-weight:600}
table.errors td,table.errors th{text-align:left}table.errors td.msg{white-space:normal;max-width:520px}
code{font-size:12px;background:#f6f6f6;padding:0 3px;border-radius:3px}
.fig{display:flex;flex-wrap:wrap;align-items:flex-start;gap:18px;margin:14px 0 22px}
.plot{flex:0 0 auto;max-width:604px}.numbers{flex:1 1 420px;max-height:360px;overflow:auto}
.chart{display:block;border:1px solid #eee;background:#fff}
.chart text{font-size:11px;fill:#333}.chart .t{font-size:13px;font-weight:600}
.chart .yl{text-anchor:end;dominant-baseline:middle}.chart .yr{text-anchor:start;dominant-baseline:middle;fill:#666}
.chart .xl{text-anchor:middle}.chart .g{stroke:#eee}.chart .frame{fill:none;stroke:#999}.chart .ax2{stroke:#999}.chart .ax2l{fill:#666}
.chart .cell{text-anchor:middle;dominant-baseline:middle;fill:#fff;font-weight:600}.chart .rec-label{fill:#2E7D32;font-weight:600}
.chart .note-s{fill:#777;font-size:10.5px}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;padding:0;margin:6px 0 0;font-size:12px;max-width:600px}
.legend li{display:flex;align-items:center;gap:5px}
.note{color:#666;font-size:12px;max-width:900px}.intro{color:#444;max-width:900px}
pre{background:#f8f8f8;padding:8px;overflow:auto;font-size:12px}
`;
