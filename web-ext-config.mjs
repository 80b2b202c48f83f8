// web-ext settings for this repository: the root is the add-on's source dir, but only manifest.json, _locales/,
// icons/ and build/addon/ belong in the add-on (scripts/lib/addon-files.mjs computes the rest to ignore).
import { ignoreFiles } from "./scripts/lib/addon-files.mjs";

export default {
  ignoreFiles: ignoreFiles(),
  build: { filename: "hoplock.xpi", overwriteDest: true },
};
