/**
 * The add-on's single import of the WebExtension `browser` object. In Thunderbird the polyfill passes the native
 * object through (Thunderbird's own namespaces included); everything else imports from here, and only entry
 * points (never tested modules) do, because the polyfill refuses to load outside an extension.
 */
import browser from "webextension-polyfill";

export default browser;
