/** A jsdom document for the duration of one describe block, removed afterwards so other suites run in plain Node. */
import globalJsdom from "global-jsdom";

export function useDom(): void {
  let cleanup: () => void = () => undefined;
  before(() => {
    cleanup = globalJsdom("<!doctype html><html><body></body></html>", { url: "https://hoplock.test/build/addon/popup.html" });
  });
  after(() => cleanup());
}
