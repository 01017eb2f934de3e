// The failed invocations: how many of each kind per phase and memory
// setting, with up to three distinct messages each (invocations.csv's
// error_message column, when the result has it).

import { escapeHtml } from '../svg';
import { memoryLabel } from './palette';
import type { ReportSamples } from './samples';

export function errorsSection(samples: ReportSamples): string {
  const tallies = samples.errorTallies();
  if (tallies.length === 0) return '<p class="note">No invocation failed.</p>';
  const body = tallies
    .map((t) => {
      const msgs = t.messages.length > 0 ? t.messages.map((m) => `<code>${escapeHtml(m)}</code>`).join('<br>') : '<span class="note">no message recorded</span>';
      return `<tr><td>${escapeHtml(t.phase)}</td><td>${escapeHtml(memoryLabel(t.memoryMb))}</td><td>${escapeHtml(t.status)}</td><td>${escapeHtml(t.errorType || '(none)')}</td><td>${t.count}</td><td class="msg">${msgs}</td></tr>`;
    })
    .join('\n');
  const dropped = samples.errorGroupsDropped > 0 ? `<p class="note">${samples.errorGroupsDropped} failed invocations of further kinds are not listed.</p>` : '';
  return `<table class="data errors"><caption>Failed invocations by kind</caption><thead><tr><th scope="col">phase</th><th scope="col">memory</th><th scope="col">status</th><th scope="col">error type</th><th scope="col">count</th><th scope="col">sample messages</th></tr></thead><tbody>\n${body}\n</tbody></table>${dropped}`;
}
