/** Saving an export where the page runs (an extension tab, a page opened from disk): a Blob link clicked in place. */

export interface ExportFile {
  name: string;
  type: "text/csv" | "application/json";
  text: string;
}

export function downloadFile(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: `${file.type};charset=utf-8` }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference to the data once started.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
