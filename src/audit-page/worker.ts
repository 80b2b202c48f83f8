/**
 * The audit's analysis thread: the page reads headers from Thunderbird and posts them here in batches, so analysing
 * never holds up the page (its timers, its progress bar) nor the next read.
 */
import type { AnalysisAnswer, AnalysisRequest } from "./analysis-core.ts";
import { AnalysisHost } from "./analysis-core.ts";

const host = new AnalysisHost((answer: AnalysisAnswer) => postMessage(answer));
addEventListener("message", (event: MessageEvent<AnalysisRequest>) => host.handle(event.data));
