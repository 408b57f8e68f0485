// The native open/save dialogs, for the few actions that take a file the clerk chooses.

import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import { t } from "./i18n/vi";

// WebDriver cannot reach a GTK file chooser, so the end-to-end tests answer the dialogs by
// setting this on the window (a page script could call the commands with any path anyway).
declare global {
  interface Window {
    /** One path, or several for a dialog that takes several files. */
    __thiduaDialogAnswer?: string | string[];
  }
}

const open: typeof openDialog = (options) => (window.__thiduaDialogAnswer ? Promise.resolve(window.__thiduaDialogAnswer as never) : openDialog(options));
const save: typeof saveDialog = (options) => {
  const answer = window.__thiduaDialogAnswer;
  return typeof answer === "string" ? Promise.resolve(answer) : saveDialog(options);
};

/** Asks where to write a backup; null when the clerk cancels. */
export function chooseBackupTarget(): Promise<string | null> {
  return save({ defaultPath: t.settings.backupName, filters: [{ name: t.settings.backupFilter, extensions: ["sqlite3", "db"] }] });
}

/** Asks for a backup or whole-installation copy to restore; null when the clerk cancels. */
export async function chooseBackupSource(): Promise<string | null> {
  const picked = await open({
    multiple: false,
    directory: false,
    filters: [{ name: t.settings.backupFilter, extensions: ["thidua-bansao", "thidua-backup", "sqlite3", "db"] }],
  });
  return typeof picked === "string" ? picked : null;
}

/** Whether `path` is a whole-installation copy, which is restored only with the code on its label. */
export function isCopy(path: string): boolean {
  return path.toLowerCase().endsWith(".thidua-bansao");
}

/** Asks for the folder (a USB stick) to copy the whole installation into; null when the clerk cancels. */
export async function chooseCopyFolder(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: true, title: t.settings.copyFolder });
  return typeof picked === "string" ? picked : null;
}

/** Asks for a unit list of the statistics office; null when the clerk cancels. */
export async function chooseUnitList(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: [{ name: t.settings.unitFilter, extensions: ["xls", "xlsx", "ods", "csv"] }] });
  return typeof picked === "string" ? picked : null;
}

/** Asks where to save a PDF, proposing `name`; null when the clerk cancels. */
export function choosePdfTarget(name: string): Promise<string | null> {
  return save({ defaultPath: name, filters: [{ name: "PDF", extensions: ["pdf"] }] });
}

/** Asks where to write a bundle, proposing `name`; null when the clerk cancels. */
export function chooseBundleTarget(name: string): Promise<string | null> {
  return save({ defaultPath: name, filters: [{ name: t.exchange.bundleFilter, extensions: ["thidua"] }] });
}

/** Asks for bundle files to import, several at once; empty when the clerk cancels. */
export async function chooseBundles(): Promise<string[]> {
  const picked = await open({ multiple: true, directory: false, filters: [{ name: t.exchange.bundleFilter, extensions: ["thidua"] }] });
  return Array.isArray(picked) ? picked : typeof picked === "string" ? [picked] : [];
}

/** Asks where to write this unit's identity file; null when the clerk cancels. */
export function chooseIdentityTarget(name: string): Promise<string | null> {
  return save({ defaultPath: name, filters: [{ name: t.exchange.identityFilter, extensions: ["json"] }] });
}

/** Asks for a unit's identity file; null when the clerk cancels. */
export async function chooseIdentityFile(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: [{ name: t.exchange.identityFilter, extensions: ["json"] }] });
  return typeof picked === "string" ? picked : null;
}

/** Asks where to save an Excel workbook, proposing `name`; null when the clerk cancels. */
export function chooseXlsxTarget(name: string): Promise<string | null> {
  return save({ defaultPath: name, filters: [{ name: "Excel", extensions: ["xlsx"] }] });
}

/** Asks for a scoring table to import: a workbook or its JSON; null when the clerk cancels. */
export async function chooseScoringTable(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: [{ name: t.yearEnd.tableFilter, extensions: ["xlsx", "xls", "ods", "json"] }] });
  return typeof picked === "string" ? picked : null;
}

/** Asks for a plan to import: a Word document or a text file; null when the clerk cancels. */
export async function choosePlanFile(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: [{ name: t.plans.planFilter, extensions: ["docx", "txt"] }] });
  return typeof picked === "string" ? picked : null;
}

/** Asks for a spreadsheet to import (a filled template or a register); null when the clerk cancels. */
export async function chooseSpreadsheet(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: [{ name: t.excel.filter, extensions: ["xlsx", "xlsm", "xls", "xlsb", "ods"] }] });
  return typeof picked === "string" ? picked : null;
}

/** Asks for a document to check: its PDF, or a photo or scan of the paper; null when the clerk cancels. */
export async function chooseDocumentToVerify(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: [{ name: t.verify.fileFilter, extensions: ["pdf", "png", "jpg", "jpeg"] }] });
  return typeof picked === "string" ? picked : null;
}
