/** A jsdom document for the duration of one describe block, removed afterwards so other suites run in plain Node. */
import { fireEvent } from "@testing-library/preact";
import globalJsdom from "global-jsdom";

export function useDom(): void {
  let cleanup: () => void = () => undefined;
  before(() => {
    cleanup = globalJsdom("<!doctype html><html><body></body></html>", { url: "https://hoplock.test/build/addon/popup.html" });
  });
  after(() => cleanup());
}

/**
 * Clicks as Thunderbird handles them: a permission request counts as the user's only while a click is dispatched.
 * `note()` records whether it is called during one; `during` holds what it recorded.
 */
export function clickTracker() {
  let clicking = false;
  const during: boolean[] = [];
  const click = (element: Element) => {
    clicking = true;
    try {
      fireEvent.click(element);
    } finally {
      clicking = false;
    }
  };
  return { click, note: () => during.push(clicking), during };
}
