/** The part of jsdom's API the tests use (jsdom ships no types; global-jsdom wraps the same constructor). */
declare module "jsdom" {
  export interface ConstructorOptions {
    runScripts?: "dangerously" | "outside-only";
    url?: string;
    beforeParse?(window: Window & typeof globalThis): void;
  }
  export class JSDOM {
    constructor(html?: string, options?: ConstructorOptions);
    readonly window: Window & typeof globalThis;
  }
}
