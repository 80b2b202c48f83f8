/**
 * A dependency-free Marionette client (protocol 3): each packet is `<byte length>:<JSON>`; commands are
 * `[0, id, name, params]`, replies `[1, id, error, result]`. Only what the E2E harness needs.
 */
import { connect, type Socket } from "node:net";

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class MarionetteError extends Error {}

export class Marionette {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buffer = Buffer.alloc(0);
  private hello: ((ok: boolean) => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("close", () => this.failAll(new MarionetteError("Marionette connection closed")));
    socket.on("error", (error) => this.failAll(new MarionetteError(`Marionette socket: ${error.message}`)));
  }

  /** Connects and waits for the server's hello packet; retries until `deadline` (Thunderbird may still be starting). */
  static async connect(port: number, deadline: number): Promise<Marionette> {
    for (;;) {
      try {
        return await Marionette.tryConnect(port);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  private static tryConnect(port: number): Promise<Marionette> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      const client = new Marionette(socket);
      client.hello = (ok) => (ok ? resolve(client) : reject(new MarionetteError("no Marionette hello")));
      socket.once("error", reject);
    });
  }

  /** Sends one command and resolves with its `value` (or the whole result when it has none). */
  command<T = unknown>(name: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(new MarionetteError(`${name}: connection closed`));
    const id = this.nextId++;
    const body = Buffer.from(JSON.stringify([0, id, name, params]), "utf8");
    this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`, "ascii"), body]));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString("ascii"));
      if (this.buffer.length < colon + 1 + length) return;
      const packet: unknown = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString("utf8"));
      this.buffer = this.buffer.subarray(colon + 1 + length);
      this.onPacket(packet);
    }
  }

  private onPacket(packet: unknown): void {
    if (!Array.isArray(packet)) {
      this.hello?.((packet as { marionetteProtocol?: number }).marionetteProtocol === 3);
      this.hello = null;
      return;
    }
    const [, id, error, result] = packet as [1, number, { error: string; message: string; stacktrace?: string } | null, unknown];
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    if (error) waiter.reject(new MarionetteError(`${error.error}: ${error.message}${error.stacktrace ? `\n${error.stacktrace}` : ""}`));
    else waiter.resolve(result !== null && typeof result === "object" && "value" in result ? result.value : result);
  }

  private failAll(error: Error): void {
    this.closed = true;
    this.hello?.(false);
    this.hello = null;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
