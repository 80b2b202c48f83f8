/**
 * A User Timing mark where the popup's own code begins, before its other modules run: the profiler shows it, and
 * the E2E suite tells Thunderbird's part of the popup's time (opening the panel, creating the page, loading its
 * files) from Hoplock's.
 */
performance.mark("hoplock:script");
