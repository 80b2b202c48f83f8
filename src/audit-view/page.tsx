/**
 * Entry of the page `hoplock audit --html` writes: the audit is embedded in the page as JSON (a non-executable
 * script element), read as text and rendered; nothing is fetched. The page's words are the English catalogue.
 */
import { render } from "preact";
import type { AuditResult } from "../audit/index.ts";
import { createTranslator } from "../shared/i18n.ts";
import { AuditView } from "./AuditView.tsx";
import { AUDIT_DATA_ID } from "./page-data.ts";

const t = createTranslator(() => "", "en");
const data = document.getElementById(AUDIT_DATA_ID)?.textContent;
const root = document.getElementById("app");
if (data && root) {
  document.title = t("audit_title");
  render(<AuditView audit={JSON.parse(data) as AuditResult} t={t} />, root);
}
