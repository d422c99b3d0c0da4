/*
 * Writing a benchmark's result file: pretty JSON (two spaces, trailing
 * newline), its folder created if need be. shownPath() is how the "wrote …"
 * line names the file: relative to the working directory when inside it,
 * else absolute. For the printed report: labelledTable() lays out rows of
 * [label, record => cell] against one 22-wide column per record, and
 * verdictLines() gives a report's `verdict` object
 * ({ name: { verdict, value, target } }) one PASS/FAIL line each.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function writeJson(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

function shownPath(file) {
  const shown = path.relative(process.cwd(), file);
  return shown.startsWith('..') ? file : shown;
}

function labelledTable(rows, headers, records) {
  const width = Math.max(...rows.map(([label]) => label.length));
  const col = 22;
  const line = cells =>
    `  ${cells[0].padEnd(width)}${cells
      .slice(1)
      .map(c => String(c).padStart(col))
      .join('')}`;
  return [
    line(['', ...headers]),
    line(['-'.repeat(width), ...headers.map(() => '-'.repeat(col - 2))]),
    ...rows.map(([label, get]) => line([label, ...records.map(r => get(r))])),
  ];
}

function verdictLines(verdict) {
  return Object.entries(verdict).map(
    ([key, v]) =>
      `  ${v.verdict}  ${key}: ${JSON.stringify(v.value)} (target ${v.target})`,
  );
}

module.exports = { writeJson, shownPath, verdictLines, labelledTable };
