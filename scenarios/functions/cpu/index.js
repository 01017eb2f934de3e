// CPU-bound work whose duration scales with the CPU share the memory setting
// buys (1,769 MB = one vCPU on Lambda).
const crypto = require('node:crypto');

exports.handler = async (event) => {
  const rounds = Number((event && event.rounds) || 20000);
  let digest = Buffer.from('coldbench');
  for (let i = 0; i < rounds; i++) digest = crypto.createHash('sha256').update(digest).digest();
  return { rounds, digest: digest.toString('hex') };
};
