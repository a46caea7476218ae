#!/usr/bin/env node
/**
 * Starts tslab's Jupyter kernel (`tslab kernel --config-path FILE`) with one fix.
 *
 * tslab sends every output message with `socket.send(...)` and does not wait for it. zeromq 6
 * allows one send in flight per socket and throws "Socket is busy writing" (EBUSY) at the next
 * one. When a cell prints or updates a display while the kernel is busy (a training loop), the
 * throw lands in the cell: the cell fails with no message (the error's own output is lost the
 * same way) and Jupyter shows `<Error>:`. Here each socket's sends are queued, one after another.
 */
const path = require("path");

const root = path.resolve(__dirname, "..", "..", "..");
const tslabDir = path.dirname(require.resolve("tslab/package.json", { paths: [root] }));
const zmq = require(require.resolve("zeromq", { paths: [tslabDir] }));

const pending = new WeakMap();
for (const name of ["Publisher", "Router", "Reply"]) {
  const proto = zmq[name].prototype;
  const send = proto.send;
  // defineProperty: the inherited native `send` is read-only, so plain assignment is ignored.
  Object.defineProperty(proto, "send", {
    configurable: true,
    writable: true,
    value: function queuedSend(message) {
      const next = (pending.get(this) || Promise.resolve()).then(() => send.call(this, message));
      pending.set(this, next.catch(() => undefined));
      return next;
    },
  });
}

require(path.join(tslabDir, "dist", "main.js")).main();
