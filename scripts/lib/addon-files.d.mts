export function isShippedPath(path: string): boolean;
export function ignoreFiles(root?: string): string[];
export interface LintWarning {
  code: string;
  message: string;
  file?: string;
}
export function isAcceptedWarning(warning: LintWarning): boolean;
