// Preloaded (node --import) into third-party MCP servers that hard-code `0.0.0.0`: binds every
// TCP listener to 127.0.0.1 and prints the port actually bound, so tests can use PORT=0.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  const callback = typeof args.at(-1) === 'function' ? args.pop() : undefined;
  let options = args[0];
  if (typeof options === 'number' || (typeof options === 'string' && /^\d+$/.test(options))) {
    options = { port: Number(options) };
  }
  if (options && typeof options === 'object' && !options.path) options = { ...options, host: '127.0.0.1' };
  else options = args[0];
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') console.log(`[loopback-only] listening ${address.address}:${address.port}`);
  });
  return callback ? listen.call(this, options, callback) : listen.call(this, options);
};
