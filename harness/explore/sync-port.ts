// Blocking message passing between threads, so that the explorer stays a synchronous function:
// a thread reads a MessagePort with receiveMessageOnPort and, when it is empty, sleeps on its slot
// of a shared Int32Array, which every sender to it bumps after posting. The order of messages on
// one port is the order they were posted in.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/** The signal slots of all threads of one parallel exploration, and one thread's end of it. */
export class SyncPorts {
  constructor(
    private readonly signals: Int32Array,
    /** This thread's slot. */
    private readonly slot: number,
  ) {}

  /** Posts `message` to the thread whose slot is `to` (transferring `transfer`), and wakes it. */
  post(port: MessagePort, to: number, message: unknown, transfer: readonly ArrayBuffer[] = []): void {
    port.postMessage(message, transfer as ArrayBuffer[]);
    Atomics.add(this.signals, to, 1);
    Atomics.notify(this.signals, to);
  }

  /** The next message on `port`, waiting for it. */
  receive<T>(port: MessagePort): T {
    for (;;) {
      const m = receiveMessageOnPort(port);
      if (m !== undefined) return m.message as T;
      const seen = Atomics.load(this.signals, this.slot);
      // A message posted between the read above and the load bumped the slot already: read again.
      const again = receiveMessageOnPort(port);
      if (again !== undefined) return again.message as T;
      // The timeout only guards against a lost wake-up; a message bumps the slot.
      Atomics.wait(this.signals, this.slot, seen, 1000);
    }
  }
}
