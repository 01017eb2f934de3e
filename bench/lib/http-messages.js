'use strict';
// The relay floor's two raw-socket ends read HTTP/1.1 messages the same
// minimal way (Content-Length framing only, as both sides write them).

/** Calls onMessage(head, body) for each whole message arriving on socket. */
function onHttpMessages(socket, onMessage) {
  let inbuf = null;
  socket.on('data', (chunk) => {
    inbuf = inbuf === null ? chunk : Buffer.concat([inbuf, chunk]);
    while (inbuf !== null) {
      const headEnd = inbuf.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const head = inbuf.toString('latin1', 0, headEnd);
      const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      const total = headEnd + 4 + (m ? Number(m[1]) : 0);
      if (inbuf.length < total) return;
      const body = inbuf.subarray(headEnd + 4, total);
      inbuf = inbuf.length === total ? null : inbuf.subarray(total);
      onMessage(head, body);
    }
  });
}

module.exports = { onHttpMessages };
