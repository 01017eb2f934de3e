// A handler whose module takes a while to load, as a heavy SDK import would:
// the time shows up as Init Duration on cold starts only.
const INIT_MS = Number(process.env.INIT_MS || 300);
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, INIT_MS);

exports.handler = async () => ({ initMs: INIT_MS });
