// tsc only emits .ts: copy the files the compiled code loads at run time
// (runtime clients, pricing data) from src/ to dist/, same relative paths.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const assetExt = new Set(['.cjs', '.mjs', '.py', '.json', '.sh']);

function copy(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const from = path.join(dir, entry.name);
    if (entry.isDirectory()) { copy(from); continue; }
    if (!assetExt.has(path.extname(entry.name)) && entry.name !== 'bootstrap') continue;
    const to = path.join(root, 'dist', path.relative(path.join(root, 'src'), from));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    fs.chmodSync(to, fs.statSync(from).mode);
  }
}
copy(path.join(root, 'src'));
