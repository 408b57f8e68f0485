// The native open/save dialogs, for the few actions that take a file the clerk chooses.

import { open, save } from "@tauri-apps/plugin-dialog";
import { t } from "./i18n/vi";

/** Asks where to write a backup; null when the clerk cancels. */
export function chooseBackupTarget(): Promise<string | null> {
  return save({ defaultPath: t.settings.backupName, filters: [{ name: t.settings.backupFilter, extensions: ["sqlite3", "db"] }] });
}

/** Asks for a backup file to restore; null when the clerk cancels. */
export async function chooseBackupSource(): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: [{ name: t.settings.backupFilter, extensions: ["sqlite3", "db"] }] });
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
