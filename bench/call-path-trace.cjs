// Preload (`node --require bench/call-path-trace.cjs ...`) for bench/side-by-side.mjs --trace: times the
// stages of each call inside a stdio server process (the bridge or the floor) and writes their
// medians to $CALL_TRACE_OUT at exit. Stages: stdin data → page socket send (request work), the
// send itself, send → page answer arrives (page and network), answer → stdout write (response work);
// busyWhilePage: this process's CPU (all threads) between the send and the answer;
// server: stdin data → stdout write of a call (sequential calls), client: stdout write → next stdin data.
const { writeFileSync } = require('node:fs');
const WebSocket = require('ws');

const stages = { request: [], send: [], page: [], response: [], server: [], client: [], busyWhilePage: [] };
let cpuSent = 0;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let tIn = 0, tSend = 0, tSent = 0, tMsg = 0, tOut = 0;
const now = () => performance.now();
const origEmit = process.stdin.emit;
process.stdin.emit = function (event, ...args) {
  if (event === 'data') {
    tIn = now();
    if (tOut) stages.client.push(tIn - tOut);
    tOut = 0;
  }
  return origEmit.call(this, event, ...args);
};
const origSend = WebSocket.prototype.send;
WebSocket.prototype.send = function (...args) {
  tSend = now();
  if (tIn) stages.request.push(tSend - tIn);
  const r = origSend.apply(this, args);
  tSent = now();
  cpuSent = cpu();
  stages.send.push(tSent - tSend);
  return r;
};
const origWsEmit = WebSocket.prototype.emit;
WebSocket.prototype.emit = function (event, ...args) {
  if (event === 'message') {
    tMsg = now();
    if (tSent) {
      stages.page.push(tMsg - tSent);
      stages.busyWhilePage.push(cpu() - cpuSent);
    }
  }
  return origWsEmit.call(this, event, ...args);
};
const origWrite = process.stdout.write;
process.stdout.write = function (...args) {
  tOut = now();
  if (tMsg) stages.response.push(tOut - tMsg);
  if (tIn && tMsg) stages.server.push(tOut - tIn);
  tMsg = 0;
  tIn = 0;
  return origWrite.apply(this, args);
};
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.floor(s.length / 2)] * 1000) : null;
};
process.on('exit', () => {
  if (process.env.CALL_TRACE_OUT) writeFileSync(process.env.CALL_TRACE_OUT, JSON.stringify(Object.fromEntries(Object.entries(stages).map(([k, xs]) => [k, { n: xs.length, p50_us: med(xs) }]))));
});
