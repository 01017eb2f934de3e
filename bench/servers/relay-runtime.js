'use strict';
// The runtime side of the relay floor (relay-floor.js): a raw keep-alive
// socket that answers each invocation with `{}` and writes that response and
// its next GET /next in one write, as coldbench's own Node runtime client
// does, so the floor pays the same syscalls and wake-ups per invocation and
// nothing else.

const net = require('node:net');
const { onHttpMessages } = require('../lib/http-messages');

const API = process.env.RELAY_API;
const colon = API.lastIndexOf(':');
const PREFIX = '/2018-06-01/runtime/invocation/';
const NEXT = `GET ${PREFIX}next HTTP/1.1\r\nHost: ${API}\r\n\r\n`;
const RESULT = '{}';

const socket = net.connect(Number(API.slice(colon + 1)), API.slice(0, colon));
socket.setNoDelay(true);
// Without its relay the runtime has nothing left to do.
socket.on('error', () => process.exit(1));
socket.on('close', () => process.exit(0));

onHttpMessages(socket, (head) => {
  // Answers come in request order: a 202 for a /response (nothing to do),
  // a 200 for a /next (an invocation to answer).
  if (head.charCodeAt(9) !== 50 || head.charCodeAt(11) !== 48) return;
  const id = /\r\nlambda-runtime-aws-request-id:\s*([^\r]+)/i.exec(head)[1];
  socket.write(`POST ${PREFIX}${id}/response HTTP/1.1\r\nHost: ${API}\r\nContent-Type: application/json\r\nContent-Length: ${RESULT.length}\r\n\r\n${RESULT}${NEXT}`);
});
socket.write(NEXT);
