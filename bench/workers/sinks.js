'use strict';
// The sinks `coldbench run` gives the executor, rebuilt from dist/ so the
// workers follow the run as it changes: the result writer, then the budget
// guard (or, in builds before it, the recommendation sink).

const fs = require('node:fs');
const path = require('node:path');

function runSinks(dist, writer, plan) {
  const sinks = [writer];
  const guard = path.join(dist, 'run', 'budget-guard.js');
  if (fs.existsSync(guard)) {
    const { BudgetGuard } = require(guard);
    // The bench's budget is its own count; never stopping keeps both sides equal.
    sinks.push(new BudgetGuard({ maxInvocations: plan.budget.maxInvocations, maxCostUsd: plan.budget.maxCostUsd }, () => undefined));
  }
  const rec = require(path.join(dist, 'run', 'recommendation.js'));
  if (typeof rec.RecommendationSink === 'function') sinks.push(new rec.RecommendationSink());
  return sinks;
}

module.exports = { runSinks };
