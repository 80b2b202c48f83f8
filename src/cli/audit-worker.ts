/** A worker thread of `hoplock audit`: analyses the header blocks it is sent and returns its part of the audit. */
import { parentPort, workerData } from "node:worker_threads";
import { createAudit } from "../audit/index.ts";
import type { FromWorker, ToWorker, WorkerSetup } from "./audit-protocol.ts";

const port = parentPort;
if (port) {
  const audit = createAudit((workerData as WorkerSetup).options);
  const reply = (message: FromWorker) => port.postMessage(message);
  port.on("message", (message: ToWorker) => {
    if (message.type === "finish") {
      reply({ type: "result", result: audit.result() });
      return;
    }
    const { headers, cuts, paths, indexes } = message.batch;
    headers.forEach((block, i) => audit.addHeaders(block, { kind: "file", path: paths[i] ?? "", index: indexes[i] ?? 0 }, cuts[i] ?? null));
    reply({ type: "done" });
  });
}
