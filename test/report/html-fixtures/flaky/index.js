// report.html's browser test: a handler with a visible init (40 ms of work at
// load, so cold starts stand out), a short sleep per invocation, and every
// seventh invocation of an environment failing with a message of its own.
const loadedAt = Date.now();
while (Date.now() - loadedAt < 40) {
  // busy on purpose: the init the cold starts carry
}
let calls = 0;
class FlakyError extends Error {
  constructor(message) {
    super(message);
    this.name = 'FlakyError';
  }
}
exports.handler = async (event) => {
  calls += 1;
  const ms = Number((event && event.sleepMs) || 0);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  if (calls % 7 === 0) throw new FlakyError(`call ${calls} of this environment failed on purpose`);
  return { calls };
};
